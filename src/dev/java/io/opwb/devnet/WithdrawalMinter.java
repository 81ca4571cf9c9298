package io.opwb.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;

import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2ToL1MessagePasser;

/**
 * Mints many withdrawals on the devnet's L2 fast, for benchmarks: every withdrawal from its own
 * random sender (anvil impersonates any sender; the base fee is held at zero, so senders need no
 * ETH), {@code perBlock} of them sent as one JSON-RPC batch and mined into one block.
 */
public final class WithdrawalMinter {

    private final String rpcUrl;
    private final AnvilRpc rpc;
    private final HttpClient http = HttpClient.newHttpClient();
    private final L2ToL1MessagePasser passer;
    private final org.web3j.protocol.Web3j l2;

    public WithdrawalMinter(Devnet devnet) {
        this.l2 = devnet.l2();
        this.rpcUrl = devnet.l2RpcUrl();
        this.rpc = devnet.l2Rpc();
        this.passer = L2ToL1MessagePasser.load(Predeploys.L2_TO_L1_MESSAGE_PASSER, devnet.l2(),
                new ReadonlyTransactionManager(devnet.l2(), Predeploys.L2_TO_L1_MESSAGE_PASSER), new DefaultGasProvider());
    }

    /** Mints {@code count} withdrawals, {@code perBlock} a block; returns the L2 head after them. */
    public long mint(int count, int perBlock, long seed) throws IOException, InterruptedException {
        return mint(count, perBlock, seed, 0);
    }

    /**
     * As {@link #mint(int, int, long)}, each withdrawal carrying {@code dataBytes} of random calldata
     * for its L1 target (which has no code: the call succeeds whatever the data).
     */
    public long mint(int count, int perBlock, long seed, int dataBytes) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        // the L2 transaction's gas: its calldata (16 a byte at most), the event's data (8 a byte) and
        // the hashing, beside the ~100k of a withdrawal without data
        long gas = 196_608 + 40L * dataBytes;
        rpc.autoImpersonate(true);
        rpc.setBlockGasLimit(perBlock * (gas + 4_000));
        rpc.setAutomine(false);
        try {
            // anvil refuses JSON-RPC requests over about 2 MB: a block's transactions go in several
            int perRequest = Math.max(1, Math.min(perBlock, REQUEST_BYTES / (700 + 2 * dataBytes)));
            for (int done = 0; done < count; done += perBlock) {
                int n = Math.min(perBlock, count - done);
                rpc.setNextBlockBaseFeePerGas(BigInteger.ZERO); // the pool takes a zero gas price
                for (int sent = 0; sent < n; sent += perRequest) {
                    send(random, Math.min(perRequest, n - sent), gas, dataBytes);
                }
                rpc.mine();
            }
        } finally {
            rpc.setAutomine(true);
            rpc.autoImpersonate(false);
        }
        return l2.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private static final int REQUEST_BYTES = 1_000_000;

    /** Sends {@code n} withdrawals to the pool in one JSON-RPC batch. */
    private void send(SplittableRandom random, int n, long gas, int dataBytes) throws IOException, InterruptedException {
        StringBuilder batch = new StringBuilder(n * (700 + 2 * dataBytes)).append('[');
        for (int i = 0; i < n; i++) {
            byte[] targetData = new byte[dataBytes];
            random.nextBytes(targetData);
            String data = passer.initiateWithdrawal(address(random), BigInteger.valueOf(100_000), targetData,
                    BigInteger.ZERO).encodeFunctionCall();
            batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
                    .append(",\"method\":\"eth_sendTransaction\",\"params\":[{\"from\":\"")
                    .append(address(random)).append("\",\"to\":\"").append(passer.getContractAddress())
                    .append("\",\"gas\":\"0x").append(Long.toHexString(gas))
                    .append("\",\"gasPrice\":\"0x0\",\"value\":\"0x0\",\"data\":\"").append(data).append("\"}]}");
        }
        batch.append(']');
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(rpcUrl))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || answer.body().contains("\"error\"")) {
            throw new IOException("minting refused: " + answer.body().substring(0, Math.min(500, answer.body().length())));
        }
    }

    private static String address(SplittableRandom random) {
        byte[] a = new byte[20];
        random.nextBytes(a);
        return Numeric.toHexString(a);
    }
}
