package io.opwb.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.contracts.L2OutputOracle;

/**
 * The legacy flavour's proposer: proposes the output root of every {@code SUBMISSION_INTERVAL}-th
 * L2 block to the {@code L2OutputOracle}, as op-proposer does. The oracle takes exactly the next
 * interval's block; the devnet's L2 mines only when there is traffic, so to cover the newest block
 * the proposer first mines empty L2 blocks up to the next interval's, as a chain with a fixed block
 * time would have produced them anyway.
 */
public final class OutputProposer {

    private static final Logger LOG = Logger.getLogger(OutputProposer.class);

    /** An output this proposer proposed. */
    public record ProposedOutput(BigInteger index, BigInteger l2BlockNumber, OutputRoot outputRoot,
            TransactionReceipt receipt) {
    }

    private final DevnetSigner signer;
    private final DevnetSigner challenger;
    private final Web3j l2;
    private final AnvilRpc l2Rpc;
    private final OutputRootReader outputRoots;
    private final L2OutputOracle oracle;

    OutputProposer(DevnetSigner signer, DevnetSigner challenger, Web3j l2, AnvilRpc l2Rpc, String oracle) {
        this.signer = signer;
        this.challenger = challenger;
        this.l2 = l2;
        this.l2Rpc = l2Rpc;
        this.outputRoots = new OutputRootReader(l2);
        this.oracle = L2OutputOracle.load(oracle, signer.web3j(),
                new ReadonlyTransactionManager(signer.web3j(), signer.address()), new DefaultGasProvider());
    }

    /** Proposes outputs until one covers the newest L2 block; returns them (none if it was covered). */
    public synchronized List<ProposedOutput> proposeLatest() throws Exception {
        BigInteger head = l2.ethBlockNumber().send().getBlockNumber();
        List<ProposedOutput> proposed = new ArrayList<>();
        if (oracle.latestBlockNumber().send().compareTo(head) >= 0) {
            return proposed;
        }
        BigInteger next = oracle.nextBlockNumber().send();
        while (next.compareTo(head) <= 0) {
            proposed.add(propose(next));
            next = oracle.nextBlockNumber().send();
        }
        if (proposed.isEmpty() || proposed.get(proposed.size() - 1).l2BlockNumber().compareTo(head) < 0) {
            l2Rpc.mine(next.subtract(head).longValueExact());
            proposed.add(propose(next));
        }
        return proposed;
    }

    private ProposedOutput propose(BigInteger l2Block) throws Exception {
        OutputRoot root = Proposer.settledRoot(outputRoots, l2Block);
        BigInteger index = oracle.nextOutputIndex().send();
        TransactionReceipt receipt = signer.send(oracle.getContractAddress(),
                oracle.proposeL2Output(root.root(), l2Block, new byte[32], BigInteger.ZERO, BigInteger.ZERO)
                        .encodeFunctionCall(), BigInteger.ZERO);
        LOG.infof("proposer: output #%s claims L2 block %s (output root %s)", index, l2Block, root.rootHex());
        return new ProposedOutput(index, l2Block, root, receipt);
    }

    /** The challenger deletes the output at {@code index} and every later one, as after a fault. */
    public synchronized TransactionReceipt deleteOutputsFrom(BigInteger index) throws Exception {
        TransactionReceipt receipt = challenger.send(oracle.getContractAddress(),
                oracle.deleteL2Outputs(index).encodeFunctionCall(), BigInteger.ZERO);
        LOG.infof("challenger: outputs from #%s deleted", index);
        return receipt;
    }

    public String oracleAddress() {
        return oracle.getContractAddress();
    }
}
