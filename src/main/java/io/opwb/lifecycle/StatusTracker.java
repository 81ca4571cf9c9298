package io.opwb.lifecycle;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.web3j.utils.Numeric;

import io.opwb.batching.BatchingConfig;
import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainContext;
import io.opwb.chain.PortalContracts;
import io.opwb.merkle.GasModel;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.HqlLiterals;
import io.opwb.storage.PortalFinalizationEntity;
import io.opwb.storage.PortalProofEntity;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Brings every unfinished withdrawal's status up to date from the indexed facts, by
 * {@link StatusRules}. Runs after the indexers in each pipeline cycle.
 */
@ApplicationScoped
public class StatusTracker {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StatusTracker.class);

    private final Tx tx;
    private final ChainClients chains;
    private final SelectionPolicy selection;
    private final BatchingConfig batching;
    /** How often the waiting withdrawals no game can cover yet are decided again (their ETAs). */
    private final long fullPassNanos;
    /** When each chain's last pass over all open withdrawals started (System.nanoTime). */
    private final Map<Long, Long> lastFullPass = new java.util.concurrent.ConcurrentHashMap<>();
    /** A ready withdrawal's longest wait: the batch window, then the cycle that sends the batch. */
    private final long etaWindowSeconds;
    private final FinalizeReadiness readiness;

    public StatusTracker(Tx tx, ChainClients chains, SelectionConfig selection, FinalizeReadiness readiness,
            BatchingConfig batching, @ConfigProperty(name = "opwb.pipeline.interval", defaultValue = "2s") Duration cycle,
            @ConfigProperty(name = "opwb.status.full-pass-interval", defaultValue = "5m") Duration fullPassInterval) {
        this.fullPassNanos = fullPassInterval.toNanos();
        this.readiness = readiness;
        this.tx = tx;
        this.chains = chains;
        this.selection = SelectionPolicy.from(selection);
        this.batching = batching;
        this.etaWindowSeconds = batching.maxAge().plus(cycle).plusMillis(999).toSeconds();
    }

    /** The moment's context for one chain: L1 time, its portal's rules, its games. */
    public StatusRules.Context context(ChainContext chain) throws Exception {
        PortalContracts contracts = chain.contracts();
        long now = chains.l1Now();
        contracts.superRootsActive(); // a migration to super roots (and its new registry) is seen within a cycle
        long respectedType = contracts.respectedGameType();
        long respectedUpdatedAt = contracts.respectedGameTypeUpdatedAt();
        List<DisputeGameEntity> games = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from DisputeGameEntity where l2ChainId = :c", DisputeGameEntity.class).setParameter("c", chain.id())
                .getResultList()));
        Map<String, StatusRules.Game> byAddress = games.stream().map(StatusTracker::toGame)
                .collect(Collectors.toMap(g -> g.address().toLowerCase(), g -> g, (a, b) -> a));
        boolean registryRules = contracts.anchorStateRegistry().isPresent();
        Optional<StatusRules.Game> best = StatusRules.bestGameToProveAgainst(byAddress.values(), respectedType,
                respectedUpdatedAt, now, registryRules);
        return new StatusRules.Context(now, contracts.proofMaturityDelaySeconds(),
                contracts.disputeGameFinalityDelaySeconds(), respectedType, respectedUpdatedAt,
                contracts.batcherAddress(), GasModel.maxFinalizeGasLimit(batching.gasBudget()), byAddress, best,
                contracts.outputOracle(), registryRules);
    }

    /**
     * The withdrawals the rules decide: all but those in flight and those finalized, unless the
     * finalization is no longer indexed (an L1 reorg took it out): then the facts decide again.
     */
    private static final String OPEN = "w.l2ChainId = :c and w.status not in " + HqlLiterals.list(WithdrawalStatus.PROVING,
            WithdrawalStatus.FINALIZING) + " and (w.status not in " + HqlLiterals.list(WithdrawalStatus.FINALIZED,
            WithdrawalStatus.FINALIZED_FAILED_CALL) + " or not exists (select 1 from "
            + "PortalFinalizationEntity f where f.l2ChainId = w.l2ChainId and f.withdrawalHash = w.withdrawalHash))";

    /**
     * Withdrawals decided per transaction. Pages keep memory flat however many are open (after a
     * backfill, hundreds of thousands may be), and each page commits on its own.
     */
    static final int PAGE = 2_000;

    /**
     * The short pass's withdrawals: all open ones but those only a new game can move, i.e. those
     * the rules decided wait for a game when no game of the chain reaches their L2 block (:g, the
     * highest any game covers). Nobody can have proven those either: a proof names a game that
     * covers the block, and that game is indexed with it or before. {@code decide} would give them
     * the same status and reason again until a game reaches them (selection and gas rules change
     * only with a restart, whose first pass is full), so only the full pass, every
     * {@code opwb.status.full-pass-interval}, decides them again, for their ETAs. After a backfill,
     * most open withdrawals are these. Written as three indexed alternatives (other statuses; blocks
     * a game reaches; waiting rows not decided so — the partial index of V19) so that the database
     * does not read past the many it leaves out.
     */
    private static final String MAY_MOVE = " and (w.status in " + HqlLiterals.list(java.util.Arrays.stream(
            WithdrawalStatus.values()).filter(st -> st != WithdrawalStatus.WAITING_FOR_GAME).toArray(Enum[]::new))
            + " or w.l2BlockNumber <= :g or (w.status = " + HqlLiterals.of(WithdrawalStatus.WAITING_FOR_GAME)
            + " and (w.reasonCode is null or w.reasonCode <> " + HqlLiterals.of(ReasonCode.NO_GAME_YET) + ")))";

    /**
     * Updates the unfinished withdrawals of one chain, page by page in L2 order: all of them on a
     * full pass, else all but those waiting for a game no game covers yet. Returns the context it used.
     */
    public StatusRules.Context update(ChainContext chain) throws Exception {
        long startedAt = System.nanoTime();
        Long lastFull = lastFullPass.get(chain.id());
        boolean full = lastFull == null || startedAt - lastFull >= fullPassNanos;
        if (full && lastFull != null) {
            chain.contracts().forgetUpgradeableFacts(); // an upgrade may bring a new registry, lockbox or delays
        }
        StatusRules.Context ctx = context(chain);
        long highestGameBlock = ctx.gamesByAddress().values().stream().mapToLong(StatusRules.Game::l2Block).max()
                .orElse(-1);
        PortalContracts contracts = chain.contracts();
        EtaInputs eta = new EtaInputs(new EtaPolicy.Clocks(ctx.proofMaturityDelay(), ctx.finalityDelay(),
                contracts.maxClockDurationSeconds(ctx.respectedGameType()), etaWindowSeconds),
                StatusRules.trustedGames(ctx.gamesByAddress().values(), ctx.respectedGameType(),
                        ctx.respectedGameTypeUpdatedAt(), ctx.now(), ctx.registryRules()));
        long[] after = { -1, -1 }; // the last page's last (L2 block, log index)
        // Matured withdrawals the chain is asked about before they become READY_TO_FINALIZE (null: not asked)
        List<FinalizeReadiness.Pending> pending = readiness.applies(chain) ? new java.util.ArrayList<>() : null;
        int decided = 0;
        while (true) {
            long block = after[0];
            long logIndex = after[1];
            List<WithdrawalEntity> page = tx.inTransaction(() -> Panache.getSession().chain(s -> {
                var query = s.createSelectionQuery("from WithdrawalEntity w where " + OPEN + (full ? "" : MAY_MOVE)
                        + " and (w.l2BlockNumber > :b or (w.l2BlockNumber = :b and w.l2LogIndex > :i)) "
                        + "order by w.l2BlockNumber, w.l2LogIndex", WithdrawalEntity.class)
                        .setParameter("c", chain.id()).setParameter("b", block).setParameter("i", (int) logIndex);
                if (!full) {
                    query.setParameter("g", highestGameBlock);
                }
                return query.setMaxResults(PAGE).getResultList()
                        .chain(open -> decide(s, chain, open, ctx, eta, pending).replaceWith(open));
            }));
            decided += page.size();
            if (page.size() < PAGE) {
                if (pending != null) {
                    readiness.confirm(chain, pending);
                }
                if (full) {
                    lastFullPass.put(chain.id(), startedAt);
                }
                LOG.debugf("%s: %d open withdrawals decided in %d ms (%s pass)", chain.name(), decided,
                        (System.nanoTime() - startedAt) / 1_000_000, full ? "full" : "short");
                return ctx;
            }
            WithdrawalEntity last = page.get(page.size() - 1);
            after[0] = last.l2BlockNumber;
            after[1] = last.l2LogIndex;
        }
    }

    private Uni<Void> decide(Mutiny.Session s, ChainContext chain, List<WithdrawalEntity> open,
            StatusRules.Context ctx, EtaInputs eta, List<FinalizeReadiness.Pending> pending) {
        if (open.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<byte[]> hashes = open.stream().map(w -> w.withdrawalHash).toList();
        return s.createSelectionQuery("from PortalProofEntity where l2ChainId = :c and withdrawalHash in :h",
                PortalProofEntity.class).setParameter("c", chain.id()).setParameter("h", hashes).getResultList()
                .chain(proofs -> s.createSelectionQuery("from PortalFinalizationEntity where l2ChainId = :c and "
                        + "withdrawalHash in :h", PortalFinalizationEntity.class).setParameter("c", chain.id())
                        .setParameter("h", hashes).getResultList()
                        .invoke(finals -> apply(open, proofs, finals, ctx, eta, pending)))
                .replaceWithVoid();
    }

    /** What the ETAs of one cycle share. */
    private record EtaInputs(EtaPolicy.Clocks clocks, List<StatusRules.Game> trustedGames) {
    }

    private void apply(List<WithdrawalEntity> open, List<PortalProofEntity> proofs,
            List<PortalFinalizationEntity> finals, StatusRules.Context ctx, EtaInputs eta,
            List<FinalizeReadiness.Pending> pending) {
        Map<String, List<StatusRules.Proof>> proofsByHash = new HashMap<>();
        for (PortalProofEntity p : proofs) {
            proofsByHash.computeIfAbsent(Numeric.toHexString(p.withdrawalHash), k -> new java.util.ArrayList<>())
                    .add(new StatusRules.Proof(Numeric.toHexString(p.submitter), Numeric.toHexString(p.disputeGame),
                            p.provenAt));
        }
        Map<String, Boolean> finalized = finals.stream().collect(Collectors.toMap(
                f -> Numeric.toHexString(f.withdrawalHash), f -> f.success, (a, b) -> a));
        for (WithdrawalEntity w : open) {
            String hash = Numeric.toHexString(w.withdrawalHash);
            String sender = Numeric.toHexString(w.sender);
            String target = Numeric.toHexString(w.target);
            BigInteger value = w.valueWei.toBigIntegerExact();
            String rejection = selection.rejection(sender, target, value, w.data);
            w.selected = rejection == null;
            List<StatusRules.Proof> proofsOfW = proofsByHash.getOrDefault(hash, List.of());
            WithdrawalStatus previous = w.status;
            StatusRules.Decision d = StatusRules.decide(previous, w.reasonCode, w.statusReason, rejection,
                    w.gasLimit.toBigIntegerExact(), w.l2BlockNumber, proofsOfW, finalized.get(hash), ctx);
            StatusRules.Proof proof = StatusRules.finalizingProof(proofsOfW, ctx);
            if (pending != null && d.status() == WithdrawalStatus.READY_TO_FINALIZE
                    && previous != WithdrawalStatus.READY_TO_FINALIZE) {
                d = awaitingTheChain(w, previous, d, proof, pending);
            }
            w.setStatus(d.status(), d.code(), d.reason());
            if (d.proofSubmitter() != null) {
                w.proofSubmitter = Numeric.hexStringToByteArray(d.proofSubmitter());
            }
            Long provableSince = previous == d.status() ? w.etaProvableAt : null;
            setEta(w, EtaPolicy.estimate(d.status(), w.l2BlockNumber, proof,
                    proof == null ? null : ctx.gamesByAddress().get(proof.game().toLowerCase()), eta.trustedGames(),
                    provableSince, ctx.now(), eta.clocks()));
        }
    }

    /**
     * A withdrawal our rules just found ready stays PROVEN_MATURING until the chain agrees
     * ({@link FinalizeReadiness}): asked now, or, when refused a moment ago, left with the chain's reason.
     */
    private StatusRules.Decision awaitingTheChain(WithdrawalEntity w, WithdrawalStatus previous,
            StatusRules.Decision ready, StatusRules.Proof proof, List<FinalizeReadiness.Pending> pending) {
        boolean refused = readiness.refusedBefore(w.l2ChainId, w.withdrawalHash);
        if (readiness.dueForCheck(w.l2ChainId, w.withdrawalHash)) {
            pending.add(new FinalizeReadiness.Pending(w.withdrawalHash, ready.proofSubmitter(), proof.game(), refused));
        }
        String reason = refused && previous == WithdrawalStatus.PROVEN_MATURING && w.statusReason != null
                ? w.statusReason : FinalizeReadiness.ASKING;
        return new StatusRules.Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.CHAIN_CHECK, reason,
                ready.proofSubmitter());
    }

    private static void setEta(WithdrawalEntity w, EtaPolicy.Eta eta) {
        w.etaProvableAt = eta == null ? null : eta.provableAt();
        w.etaProvenBy = eta == null ? null : eta.provenBy();
        w.etaFinalizableAt = eta == null ? null : eta.finalizableAt();
        w.etaFinalizedBy = eta == null ? null : eta.finalizedBy();
        w.etaBasis = eta == null ? null : eta.basis();
    }

    static StatusRules.Game toGame(DisputeGameEntity g) {
        return new StatusRules.Game(Numeric.toHexString(g.address), g.gameIndex, g.gameType, g.l2BlockNumber,
                g.createdAt, g.status, g.resolvedAt, g.blacklisted, g.rootVerified, g.respectedWhenCreated);
    }
}
