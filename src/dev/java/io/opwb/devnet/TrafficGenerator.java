package io.opwb.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.L2ToL1MessagePasser;

/** Initiates withdrawals on L2 through the real message passer predeploy. */
public final class TrafficGenerator {

    private final DevnetSigner signer;
    private final AnvilRpc l2Rpc;
    private final L2ToL1MessagePasser messagePasser;

    TrafficGenerator(DevnetSigner signer, AnvilRpc l2Rpc) {
        this.signer = signer;
        this.l2Rpc = l2Rpc;
        this.messagePasser = L2ToL1MessagePasser.load(Predeploys.L2_TO_L1_MESSAGE_PASSER, signer.web3j(),
                new ReadonlyTransactionManager(signer.web3j(), signer.address()), new DefaultGasProvider());
    }

    public String sender() {
        return signer.address();
    }

    /** One transaction, hence one L2 block, per request (the L2 auto-mines). */
    public synchronized List<InitiatedWithdrawal> initiate(List<WithdrawalRequest> requests) {
        List<InitiatedWithdrawal> initiated = new ArrayList<>();
        for (WithdrawalRequest request : requests) {
            initiated.addAll(parse(signer.send(messagePasser.getContractAddress(), encode(request), request.value())));
        }
        return initiated;
    }

    public InitiatedWithdrawal initiate(WithdrawalRequest request) {
        return initiate(List.of(request)).get(0);
    }

    /**
     * All requests in a single L2 block: mining is paused while they are sent, then one block is
     * mined. Uses {@code evm_setAutomine}, so only for an L2 that auto-mines.
     */
    public synchronized List<InitiatedWithdrawal> initiateInOneBlock(List<WithdrawalRequest> requests) {
        List<String> hashes = new ArrayList<>();
        l2Rpc.setAutomine(false);
        try {
            for (WithdrawalRequest request : requests) {
                hashes.add(signer.submitWithoutWaiting(messagePasser.getContractAddress(), encode(request),
                        request.value(), BigInteger.valueOf(200_000).add(request.gasLimit())));
            }
            l2Rpc.mine();
        } finally {
            l2Rpc.setAutomine(true);
        }
        List<InitiatedWithdrawal> initiated = new ArrayList<>();
        for (String hash : hashes) {
            initiated.addAll(parse(signer.awaitReceipt(hash)));
        }
        return initiated;
    }

    /** {@code count} withdrawals with random values (0.001–1 ETH) to fresh target addresses. */
    public static List<WithdrawalRequest> randomRequests(int count, RandomGenerator random) {
        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] target = new byte[20];
            random.nextBytes(target);
            BigInteger milliEth = BigInteger.valueOf(1 + random.nextInt(1000));
            requests.add(WithdrawalRequest.eth(Keys.toChecksumAddress(Numeric.toHexString(target)),
                    milliEth.multiply(BigInteger.TEN.pow(15))));
        }
        return requests;
    }

    private String encode(WithdrawalRequest request) {
        return messagePasser.initiateWithdrawal(request.target(), request.gasLimit(), request.data(), request.value())
                .encodeFunctionCall();
    }

    static List<InitiatedWithdrawal> parse(TransactionReceipt receipt) {
        List<InitiatedWithdrawal> out = new ArrayList<>();
        for (L2ToL1MessagePasser.MessagePassedEventResponse e : L2ToL1MessagePasser.getMessagePassedEvents(receipt)) {
            WithdrawalTransaction tx = new WithdrawalTransaction(e.nonce, e.sender, e.target, e.value, e.gasLimit,
                    e.data);
            out.add(new InitiatedWithdrawal(tx, e.withdrawalHash, receipt.getBlockNumber(),
                    receipt.getTransactionHash()));
        }
        return out;
    }
}
