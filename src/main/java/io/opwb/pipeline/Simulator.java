package io.opwb.pipeline;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.chain.ChainClients;
import io.opwb.chain.OutputRoot;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.RevertReasons;
import io.opwb.chain.WithdrawalTransaction;

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

    /** Null if the portal would accept the proof from our batcher; otherwise why not. */
    @WithSpan("simulate.prove")
    public String proveFailure(PortalContracts contracts, WithdrawalTransaction tx, BigInteger gameIndex, OutputRoot root, List<byte[]> proof)
            throws IOException {
        return failure(contracts.batcherAddress(), contracts.portalAddress(), BigInteger.ZERO, null,
                proveCall(contracts, tx, gameIndex, root, proof));
    }

    /** Gas of this proof as one transaction of its own: what one transaction per step costs; null if unknown. */
    public Long soloProveGas(PortalContracts contracts, WithdrawalTransaction tx, BigInteger gameIndex, OutputRoot root, List<byte[]> proof) {
        return solo(contracts, proveCall(contracts, tx, gameIndex, root, proof));
    }

    /** Null if the portal would finalize it with that submitter's proof, called by our batcher. */
    @WithSpan("simulate.finalize")
    public String finalizeFailure(PortalContracts contracts, WithdrawalTransaction tx, String proofSubmitter) throws IOException {
        return failure(contracts.batcherAddress(), contracts.portalAddress(), BigInteger.ZERO, null,
                finalizeCall(contracts, tx, proofSubmitter, contracts.outputOracle()));
    }

    /** Gas of this finalization as one transaction of its own; null if unknown. */
    public Long soloFinalizeGas(PortalContracts contracts, WithdrawalTransaction tx, String proofSubmitter) throws IOException {
        return solo(contracts, finalizeCall(contracts, tx, proofSubmitter, contracts.outputOracle()));
    }

    /** Both portals have the same prove call (a legacy portal's index is an output index). */
    private String proveCall(PortalContracts contracts, WithdrawalTransaction tx, BigInteger gameIndex, OutputRoot root, List<byte[]> proof) {
        return contracts.portal().proveWithdrawalTransaction(tx.toPortalStruct(), gameIndex, root.toProofStruct(),
                proof).encodeFunctionCall();
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
     * Null if the portal's call to the target would succeed. The portal marks a withdrawal
     * finalized even when that call fails, and the value is then lost to its owner: such
     * withdrawals are never finalized by us.
     */
    public String targetCallFailure(PortalContracts contracts, WithdrawalTransaction tx) throws IOException {
        return failure(contracts.portalAddress(), tx.target(), tx.value(), tx.gasLimit(),
                org.web3j.utils.Numeric.toHexString(tx.data()));
    }

    /** Why a withdrawal whose target call would revert is skipped for good, or null if it would succeed. */
    @WithSpan("simulate.target-call")
    public String targetCallSkipReason(PortalContracts contracts, WithdrawalTransaction tx) throws IOException {
        // A messenger message's call cannot be simulated from the portal (the messenger checks the
        // portal's l2Sender, set only during a real finalization), and need not be: when its inner
        // call fails, the L1 messenger records a failed message that anyone can replay.
        if (io.opwb.chain.WithdrawalKind.isMessage(tx.sender(), tx.data())) {
            return null;
        }
        String failure = targetCallFailure(contracts, tx);
        return failure == null ? null : "predicted failure: the call to the target would revert on L1 (" + failure
                + "); finalizing would lose its value";
    }

    private String failure(String from, String to, BigInteger value, BigInteger gas, String data) throws IOException {
        EthCall call = chains.l1().ethCall(Transaction.createFunctionCallTransaction(from, null, null, gas, to, value,
                data), DefaultBlockParameterName.LATEST).send();
        if (call.hasError()) {
            return RevertReasons.describe(call.getError().getData())
                    + (call.getError().getData() == null ? " (" + call.getError().getMessage() + ")" : "");
        }
        if (call.isReverted()) {
            return call.getRevertReason();
        }
        return null;
    }
}
