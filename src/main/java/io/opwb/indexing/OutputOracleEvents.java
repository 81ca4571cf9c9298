package io.opwb.indexing;

import java.math.BigInteger;
import java.util.List;

import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.utils.Numeric;

import io.opwb.chain.PortalContracts;
import io.opwb.chain.PortalKind;
import io.opwb.chain.contracts.L2OutputOracle;
import io.opwb.chain.contracts.OptimismPortal;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.GameKey;
import io.opwb.storage.PortalProofEntity;
import io.opwb.storage.PortalEventRows;
import io.smallrye.mutiny.Uni;

/**
 * The legacy portal's L1 facts as rows: each output proposal of its {@code L2OutputOracle} is kept
 * as a game (see {@link DisputeGameEntity}), and its one proof per withdrawal as a proof.
 */
final class OutputOracleEvents {

    static final String OUTPUT_PROPOSED = EventEncoder.encode(L2OutputOracle.OUTPUTPROPOSED_EVENT);
    static final String OUTPUTS_DELETED = EventEncoder.encode(L2OutputOracle.OUTPUTSDELETED_EVENT);
    /** The legacy portal's only proof event (OptimismPortal2 emits it too, with Extension1 beside it). */
    static final String PROVEN = EventEncoder.encode(OptimismPortal.WITHDRAWALPROVEN_EVENT);

    private OutputOracleEvents() {
    }

    static DisputeGameEntity output(long l2ChainId, Log log) {
        var e = L2OutputOracle.getOutputProposedEventFromLog(log);
        DisputeGameEntity g = new DisputeGameEntity();
        g.l2ChainId = l2ChainId;
        g.gameIndex = e.l2OutputIndex.longValueExact();
        g.address = e.outputRoot;
        g.gameType = PortalKind.OUTPUT_PROPOSALS;
        g.rootClaim = e.outputRoot;
        g.l2BlockNumber = e.l2BlockNumber.longValueExact();
        g.createdAt = e.l1Timestamp.longValueExact();
        g.l1BlockNumber = log.getBlockNumber().longValueExact();
        g.l1BlockHash = Numeric.hexStringToByteArray(log.getBlockHash());
        g.status = DisputeGameEntity.IN_PROGRESS; // the game tracker reads it from the oracle
        return g;
    }

    /** The first output index the deletion removed: it and every later output are gone. */
    static long firstDeleted(Log log) {
        return L2OutputOracle.getOutputsDeletedEventFromLog(log).newNextOutputIndex.longValueExact();
    }

    /**
     * The proof as the portal recorded it at that block. The portal does not record who proved:
     * the submitter is our batcher when the transaction called it, else the transaction's sender.
     */
    static PortalProofEntity proof(long l2ChainId, Log log, PortalContracts contracts, Web3j l1) throws Exception {
        byte[] hash = Numeric.hexStringToByteArray(log.getTopics().get(1));
        var proven = contracts.legacyPortalAt(log.getBlockNumber()).provenWithdrawals(hash).send();
        Transaction tx = l1.ethGetTransactionByHash(log.getTransactionHash()).send().getTransaction()
                .orElseThrow(() -> new IllegalStateException("no transaction " + log.getTransactionHash()));
        String submitter = contracts.batcherAddress().equalsIgnoreCase(tx.getTo()) ? contracts.batcherAddress()
                : tx.getFrom();
        // The output root stands for the game: it is the output rows' address.
        return L1PortalIndexer.proofAt(l2ChainId, log, hash, Numeric.hexStringToByteArray(submitter), proven.component1(),
                proven.component2().longValueExact());
    }

    /**
     * Stores an output; one proposed again at an index whose output was deleted replaces it (the
     * portal then takes only proofs against the new root, or again those against the old one when
     * the new root is the same). Its status is then read from the oracle again.
     */
    static Uni<Void> persist(org.hibernate.reactive.mutiny.Mutiny.Session s, DisputeGameEntity output) {
        return s.find(DisputeGameEntity.class, new GameKey(output.l2ChainId, output.gameIndex)).chain(existing -> {
            if (existing == null) {
                return s.persist(output);
            }
            if (!java.util.Arrays.equals(existing.address, output.address)
                    || existing.status == DisputeGameEntity.CHALLENGER_WINS) {
                existing.address = output.address;
                existing.rootClaim = output.rootClaim;
                existing.l2BlockNumber = output.l2BlockNumber;
                existing.createdAt = output.createdAt;
                existing.l1BlockNumber = output.l1BlockNumber;
                existing.l1BlockHash = output.l1BlockHash;
                existing.status = DisputeGameEntity.IN_PROGRESS;
                existing.resolvedAt = null;
                existing.rootVerified = null;
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** Outputs from this index on were deleted: the game tracker reads their status again. */
    static Uni<Void> reopenFrom(long l2ChainId, List<Long> firstDeleted) {
        if (firstDeleted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return PortalEventRows.reopenOutputsFrom(l2ChainId,
                firstDeleted.stream().mapToLong(Long::longValue).min().getAsLong());
    }

    /** The output's status now, as the oracle has it: standing (resolved at its proposal) or deleted. */
    static void readStatus(PortalContracts contracts, DisputeGameEntity row, long l1Now, BigInteger nextOutputIndex)
            throws Exception {
        if (row.gameIndex < nextOutputIndex.longValueExact()) {
            var standing = contracts.outputProposal(BigInteger.valueOf(row.gameIndex));
            if (java.util.Arrays.equals(standing.outputRoot(), row.address)) {
                row.status = DisputeGameEntity.DEFENDER_WINS;
                row.resolvedAt = standing.timestamp();
                return;
            }
        }
        row.status = DisputeGameEntity.CHALLENGER_WINS;
        row.resolvedAt = l1Now;
    }
}
