package io.opwb.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** anvil's own RPC methods: time travel, mining control, code and storage writes. */
public final class AnvilRpc {

    /** A response whose result we do not read. */
    public static final class AnyResponse extends Response<Object> {
    }

    private final Web3jService service;

    public AnvilRpc(String rpcUrl) {
        // a block of a thousand transactions (WithdrawalMinter) takes anvil longer than web3j's 10 s on a loaded machine
        this.service = new HttpService(rpcUrl, new okhttp3.OkHttpClient.Builder()
                .readTimeout(java.time.Duration.ofMinutes(2)).build());
    }

    Web3jService service() {
        return service;
    }

    public void increaseTime(long seconds) {
        call("evm_increaseTime", List.of(Numeric.encodeQuantity(java.math.BigInteger.valueOf(seconds))));
    }

    public void mine() {
        call("evm_mine", List.of());
    }

    /** Mines {@code blocks} empty blocks at once. */
    public void mine(long blocks) {
        call("anvil_mine", List.of(Numeric.encodeQuantity(java.math.BigInteger.valueOf(blocks))));
    }

    /** Moves the chain's clock forward and mines a block at the new time. */
    public void warp(long seconds) {
        increaseTime(seconds);
        mine();
    }

    public void setAutomine(boolean on) {
        call("evm_setAutomine", List.of(on));
    }

    public void setIntervalMining(int seconds) {
        call("evm_setIntervalMining", List.of(seconds));
    }

    /** Saves the chain's state; {@link #revert} returns to it, dropping every block mined since. */
    public String snapshot() {
        return String.valueOf(call("evm_snapshot", List.of()));
    }

    public void revert(String snapshotId) {
        call("evm_revert", List.of(snapshotId));
    }

    /**
     * Replaces the newest {@code depth} blocks with new ones (same height, new hashes); their
     * transactions are dropped, not returned to the pool. {@code reincluded}: raw transactions to
     * mine again in the new branch, each at its block offset (0 = first new block).
     */
    public void reorg(int depth, Map<String, Integer> reincluded) {
        List<List<Object>> pairs = reincluded.entrySet().stream().map(e -> List.<Object>of(e.getKey(), e.getValue()))
                .toList();
        call("anvil_reorg", List.of(depth, pairs));
    }

    /** The base fee the next block will have (a fee spike, or its end). */
    public void setNextBlockBaseFeePerGas(java.math.BigInteger wei) {
        call("anvil_setNextBlockBaseFeePerGas", List.of(Numeric.encodeQuantity(wei)));
    }

    /** Any sender may send unsigned transactions ({@code eth_sendTransaction}), or none may. */
    public void autoImpersonate(boolean on) {
        call("anvil_autoImpersonateAccount", List.of(on));
    }

    public void setBlockGasLimit(long gas) {
        call("evm_setBlockGasLimit", List.of(Numeric.encodeQuantity(java.math.BigInteger.valueOf(gas))));
    }

    /** Lets transactions from {@code address} be sent unsigned ({@code eth_sendTransaction}), or stops it. */
    public void impersonate(String address, boolean on) {
        call(on ? "anvil_impersonateAccount" : "anvil_stopImpersonatingAccount", List.of(address));
    }

    public void setBalance(String address, java.math.BigInteger wei) {
        call("anvil_setBalance", List.of(address, Numeric.encodeQuantity(wei)));
    }

    public void setCode(String address, String code) {
        call("anvil_setCode", List.of(address, code));
    }

    static Request<?, AnyResponse> request(Web3jService service, String method, List<?> params) {
        return new Request<>(method, params, service, AnyResponse.class);
    }

    private Object call(String method, List<?> params) {
        try {
            AnyResponse response = request(service, method, params).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + ": " + response.getError().getMessage());
            }
            return response.getResult();
        } catch (IOException e) {
            throw new UncheckedIOException(method, e);
        }
    }
}
