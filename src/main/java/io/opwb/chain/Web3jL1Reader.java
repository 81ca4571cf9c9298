package io.opwb.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** {@link L1Reader} over the service's L1 client (with its fault tolerance and failover). */
@ApplicationScoped
public class Web3jL1Reader implements L1Reader {

    /** Without a finalized tag: Ethereum finalizes after two epochs of 32 slots. */
    private static final BigInteger UNFINALIZED_DEPTH = BigInteger.valueOf(64);

    private final ChainClients clients;

    public Web3jL1Reader(ChainClients clients) {
        this.clients = clients;
    }

    @Override
    public Optional<TransactionReceipt> receipt(String txHash) throws IOException {
        return clients.l1().ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
    }

    @Override
    public boolean known(String txHash) throws IOException {
        return clients.l1().ethGetTransactionByHash(txHash).send().getTransaction().isPresent();
    }

    @Override
    public BigInteger head() throws IOException {
        return clients.l1().ethBlockNumber().send().getBlockNumber();
    }

    @Override
    public BigInteger finalizedBlock() throws IOException {
        var response = clients.l1().ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false).send();
        if (!response.hasError() && response.getBlock() != null) {
            return response.getBlock().getNumber();
        }
        return head().subtract(UNFINALIZED_DEPTH).max(BigInteger.ZERO);
    }

    @Override
    public BigInteger nextBaseFee() throws IOException {
        List<BigInteger> fees = clients.l1().ethFeeHistory(1, DefaultBlockParameterName.LATEST, List.of()).send()
                .getFeeHistory().getBaseFeePerGas();
        return fees.get(fees.size() - 1);
    }

    @Override
    public Optional<CallOutcome> replayBeforeBlock(TransactionReceipt receipt) throws IOException {
        var sent = clients.l1().ethGetTransactionByHash(receipt.getTransactionHash()).send().getTransaction();
        if (sent.isEmpty()) {
            return Optional.empty();
        }
        var call = Transaction.createFunctionCallTransaction(sent.get().getFrom(), null, null, sent.get().getGas(),
                sent.get().getTo(), sent.get().getValue(), sent.get().getInput());
        return Optional.of(CallOutcome.of(clients.l1().ethCall(call,
                DefaultBlockParameter.valueOf(receipt.getBlockNumber().subtract(BigInteger.ONE))).send()));
    }
}
