package io.opwb.pipeline;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.ChainClients;
import io.opwb.chain.OutputRoot;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.CallOutcome;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.merkle.GasModel;

/**
 * Simulates, with eth_call, what a batch item would do on the portal, as our batcher contract
 * would call it, and the call the portal would make to the withdrawal's target.
 */
@ApplicationScoped
public class Simulator {

    private final ChainClients chains;

    public Simulator(ChainClients chains) {
        this.chains = chains;
    }

    /** The L1 block the simulations of one batch run against: all of them against the same state. */
    public BigInteger head() throws IOException {
        return chains.l1().ethBlockNumber().send().getBlockNumber();
    }

    /**
     * Whether the portal would accept the proof from our batcher, at {@code block}: the portal's method for
     * {@code target} (against an output-root game, or a super-root game), called as our batcher calls it.
     */
    @WithSpan("simulate.prove")
    public CallOutcome prove(PortalContracts contracts, BigInteger block, WithdrawalTransaction tx, ProofTarget target,
            OutputRoot root, List<byte[]> proof) {
        return call(block, contracts.batcherAddress(), contracts.portalAddress(), BigInteger.ZERO, null,
                target.portalCall(contracts, tx, root, proof));
    }

    /** Gas of this proof as one transaction of its own: what one transaction per step costs; null if unknown. */
    public Long soloProveGas(PortalContracts contracts, WithdrawalTransaction tx, ProofTarget target, OutputRoot root,
            List<byte[]> proof) {
        return solo(contracts, target.portalCall(contracts, tx, root, proof));
    }

    /** {@link #soloProveGas(PortalContracts, WithdrawalTransaction, ProofTarget, OutputRoot, List)} against an output-root game. */
    public Long soloProveGas(PortalContracts contracts, WithdrawalTransaction tx, BigInteger gameIndex, OutputRoot root,
            List<byte[]> proof) {
        return soloProveGas(contracts, tx, new ProofTarget.OutputRootGame(gameIndex), root, proof);
    }

    /** Whether the portal would finalize it with that submitter's proof, called by our batcher, at {@code block}. */
    @WithSpan("simulate.finalize")
    public CallOutcome finalize(PortalContracts contracts, BigInteger block, WithdrawalTransaction tx, String proofSubmitter) {
        String data;
        try {
            data = finalizeCall(contracts, tx, proofSubmitter, contracts.outputOracle());
        } catch (IOException e) {
            return CallOutcome.noAnswer(e);
        }
        return call(block, contracts.batcherAddress(), contracts.portalAddress(), BigInteger.ZERO, null, data);
    }

    /** Gas of this finalization as one transaction of its own; null if unknown. */
    public Long soloFinalizeGas(PortalContracts contracts, WithdrawalTransaction tx, String proofSubmitter)
            throws IOException {
        return solo(contracts, finalizeCall(contracts, tx, proofSubmitter, contracts.outputOracle()));
    }

    /** A legacy portal finalizes with the withdrawal's one proof, whoever made it. */
    private String finalizeCall(PortalContracts contracts, WithdrawalTransaction tx, String proofSubmitter, boolean outputOracle) {
        var portal = contracts.portal();
        return (outputOracle ? portal.finalizeWithdrawalTransaction(tx.toPortalStruct())
                : portal.finalizeWithdrawalTransactionExternalProof(tx.toPortalStruct(), proofSubmitter))
                .encodeFunctionCall();
    }

    private Long solo(PortalContracts contracts, String data) {
        var gas = chains.l1GasUsed(contracts.batcherAddress(), contracts.portalAddress(), data);
        return gas.isPresent() ? gas.getAsLong() : null;
    }

    /**
     * Whether the portal's call to the target would succeed, at {@code block}: with its gas limit
     * (what the portal guarantees it), and with the most our batch can give it (its gas limit plus the
     * portal's unspent overhead), so that a target that behaves differently when given more is seen
     * before we pay for it. The portal marks a withdrawal finalized even when that call fails, and the
     * value is then lost to its owner: such withdrawals are never finalized by us.
     */
    @WithSpan("simulate.target-call")
    public CallOutcome targetCall(PortalContracts contracts, BigInteger block, WithdrawalTransaction tx) {
        // A messenger message's call cannot be simulated from the portal (the messenger checks the
        // portal's l2Sender, set only during a real finalization), and need not be: when its inner
        // call fails, the L1 messenger records a failed message that anyone can replay.
        if (io.opwb.chain.WithdrawalKind.isMessage(tx.sender(), tx.data())) {
            return CallOutcome.PASSED;
        }
        String data = org.web3j.utils.Numeric.toHexString(tx.data());
        CallOutcome withGasLimit = call(block, contracts.portalAddress(), tx.target(), tx.value(),
                GasModel.transactionGasFor(tx.gasLimit(), tx.data()), data);
        if (!(withGasLimit instanceof CallOutcome.Passed)) {
            return withGasLimit;
        }
        CallOutcome withMost = call(block, contracts.portalAddress(), tx.target(), tx.value(),
                GasModel.transactionGasFor(GasModel.maxTargetGas(tx.gasLimit(), tx.data().length), tx.data()), data);
        return withMost instanceof CallOutcome.Failed failed
                ? new CallOutcome.Failed("it passes with its gas limit but fails when given more, as in a batch ("
                        + failed.reason() + ")", failed.revertData())
                : withMost;
    }

    private CallOutcome call(BigInteger block, String from, String to, BigInteger value, BigInteger gas, String data) {
        try {
            Transaction tx = Transaction.createFunctionCallTransaction(from, null, null, gas, to, value, data);
            DefaultBlockParameter at = DefaultBlockParameter.valueOf(block);
            // A portal whose ETH sits in an ETHLockbox (v4+) holds none until a finalization unlocks the
            // value: the call is simulated with the value the lockbox would give it.
            boolean portalShort = value.signum() > 0
                    && chains.l1().ethGetBalance(from, at).send().getBalance().compareTo(value) < 0;
            EthCall call = portalShort ? chains.ethCallWithBalance(tx, at, from, value) : chains.l1().ethCall(tx, at).send();
            return CallOutcome.of(call);
        } catch (IOException | RuntimeException e) {
            return CallOutcome.noAnswer(e);
        }
    }
}
