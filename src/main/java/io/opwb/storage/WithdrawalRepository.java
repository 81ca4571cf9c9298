package io.opwb.storage;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Withdrawals by hash, by L2 transaction, newest first, and the queues of the prove and finalize batches. */
@ApplicationScoped
public class WithdrawalRepository implements PanacheRepositoryBase<WithdrawalEntity, WithdrawalKey> {

    public Uni<List<WithdrawalEntity>> findByL2TxHash(byte[] l2TxHash) {
        return list("l2TxHash = ?1 order by l2ChainId, l2LogIndex", l2TxHash);
    }

    /** What a list of withdrawals is filtered by; null: not filtered by that ({@link WithdrawalDetails#newestFirst}). */
    public record Filter(Long l2ChainId, WithdrawalStatus status, byte[] sender, byte[] target) {
    }

    /** These withdrawals of one chain (those it has; in no particular order). */
    public Uni<List<WithdrawalEntity>> findByHashes(long l2ChainId, java.util.Collection<byte[]> withdrawalHashes) {
        return list("l2ChainId = ?1 and withdrawalHash in ?2", l2ChainId, withdrawalHashes);
    }

    /** The withdrawals with this hash: on this chain, or on any of ours (null). */
    /** The withdrawals a batch of ours carries (proves, or finalizes). */
    public Uni<List<WithdrawalEntity>> inBatch(long l2ChainId, long batchId, boolean prove) {
        return list("l2ChainId = ?1 and " + (prove ? "proveBatchId" : "finalizeBatchId") + " = ?2", l2ChainId, batchId);
    }

    public Uni<List<WithdrawalEntity>> findByHash(byte[] withdrawalHash, Long l2ChainId) {
        return l2ChainId == null ? list("withdrawalHash = ?1 order by l2ChainId", withdrawalHash)
                : list("withdrawalHash = ?1 and l2ChainId = ?2", withdrawalHash, l2ChainId);
    }

    /** When a withdrawal entered a stage (null: not seen) and when it left it. */
    public record StageTimes(OffsetDateTime from, OffsetDateTime to) {
    }

    /** Withdrawals seen proven after this time: when indexed, when seen proven. */
    public Uni<List<StageTimes>> provenSince(OffsetDateTime since) {
        return stageTimes("select indexedAt, provenSeenAt from WithdrawalEntity where provenSeenAt > :since", since);
    }

    /** Withdrawals seen finalized after this time: when seen proven, when seen finalized. */
    public Uni<List<StageTimes>> finalizedSince(OffsetDateTime since) {
        return stageTimes("select provenSeenAt, finalizedSeenAt from WithdrawalEntity where finalizedSeenAt > :since", since);
    }

    private Uni<List<StageTimes>> stageTimes(String hql, OffsetDateTime since) {
        return getSession().chain(s -> s.createSelectionQuery(hql, Object[].class).setParameter("since", since)
                .getResultList()).map(rows -> rows.stream()
                        .map(r -> new StageTimes((OffsetDateTime) r[0], (OffsetDateTime) r[1])).toList());
    }

    /** How many withdrawals one chain has in one status (pairs with none are absent). */
    public record ChainStatusCount(long l2ChainId, WithdrawalStatus status, long count) {
    }

    /** Read from the counts V26 keeps ({@link StatusCounts}): a few rows, however many withdrawals there are. */
    public Uni<List<ChainStatusCount>> countByChainAndStatus() {
        return getSession().chain(s -> s.createNativeQuery(StatusCounts.BY_CHAIN_AND_STATUS, Object[].class).getResultList())
                .map(rows -> rows.stream().map(r -> new ChainStatusCount(((Number) r[0]).longValue(),
                        WithdrawalStatus.valueOf((String) r[1]), ((Number) r[2]).longValue())).toList());
    }

    /** How many withdrawals are in each status (statuses with none are absent), from the counts V26 keeps. */
    public Uni<Map<WithdrawalStatus, Long>> countByStatus() {
        return getSession().chain(s -> s.createNativeQuery(StatusCounts.BY_STATUS, Object[].class).getResultList())
                .map(rows -> {
                    Map<WithdrawalStatus, Long> counts = new EnumMap<>(WithdrawalStatus.class);
                    rows.forEach(r -> counts.put(WithdrawalStatus.valueOf((String) r[0]), ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /**
     * What the next prove batch may take on a chain: ready to prove (or needing a new proof), selected,
     * at or below the game's L2 block; longest waiting first.
     *
     * @param notDryRunSimulated in dry-run mode: leave out those a dry run has simulated already
     */
    public Uni<List<WithdrawalEntity>> readyToProve(long chainId, long maxL2Block, int limit, boolean notDryRunSimulated) {
        return queue(List.of(WithdrawalStatus.READY_TO_PROVE, WithdrawalStatus.NEEDS_REPROVE),
                " and w.l2BlockNumber <= :b", Parameters.with("c", chainId).and("b", maxL2Block), BatchKind.PROVE, limit,
                notDryRunSimulated);
    }

    /** What the next finalize batch may take on a chain: ready to finalize with a known proof, selected; longest waiting first. */
    public Uni<List<WithdrawalEntity>> readyToFinalize(long chainId, int limit, boolean notDryRunSimulated) {
        return queue(List.of(WithdrawalStatus.READY_TO_FINALIZE), " and w.proofSubmitter is not null",
                Parameters.with("c", chainId), BatchKind.FINALIZE, limit, notDryRunSimulated);
    }

    /** The queue's order: longest waiting first, then by L2 position. */
    private static final java.util.Comparator<WithdrawalEntity> LONGEST_WAITING = java.util.Comparator
            .comparing((WithdrawalEntity w) -> w.statusUpdatedAt).thenComparingLong(w -> w.l2BlockNumber)
            .thenComparingInt(w -> w.l2LogIndex);

    /**
     * The first {@code limit} of each status in the queue's order (the partial index {@code withdrawal_queue}
     * of V23 reads them in that order and stops there, however many wait), merged.
     */
    private Uni<List<WithdrawalEntity>> queue(List<WithdrawalStatus> statuses, String condition, Parameters params,
            BatchKind kind, int limit, boolean notDryRunSimulated) {
        String notSimulated = "";
        if (notDryRunSimulated) {
            notSimulated = " and not exists (select 1 from DryRunItemEntity d where d.l2ChainId = w.l2ChainId"
                    + " and d.withdrawalHash = w.withdrawalHash and d.kind = :kind)";
            params = params.and("kind", kind);
        }
        Parameters shared = params;
        Uni<List<WithdrawalEntity>> all = Uni.createFrom().item(new java.util.ArrayList<>());
        for (WithdrawalStatus status : statuses) {
            // The status as a literal: a partial index's condition must be provable from the query's text.
            String query = "from WithdrawalEntity w where w.l2ChainId = :c and w.selected = true and w.status = "
                    + HqlLiterals.of(status) + condition + notSimulated
                    + " order by w.statusUpdatedAt, w.l2BlockNumber, w.l2LogIndex";
            all = all.chain(found -> find(query, shared).page(0, limit).list()
                    .map(more -> {
                        found.addAll(more);
                        return found;
                    }));
        }
        return all.map(found -> found.stream().sorted(LONGEST_WAITING).limit(limit).toList());
    }
}
