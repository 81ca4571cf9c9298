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
import io.opwb.storage.DisputeGameRepository;
import io.opwb.storage.PortalFinalizationEntity;
import io.opwb.storage.PortalProofEntity;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.StatusBasisEntity;
import io.opwb.storage.StatusRechecks;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Brings every unfinished withdrawal's status up to date from the indexed facts, by
 * {@link StatusRules}. Runs after the indexers in each pipeline cycle, and decides only the
 * withdrawals that may have changed ({@link RecheckPolicy}): its work follows what arrived, not
 * how many withdrawals there are.
 */
@ApplicationScoped
public class StatusTracker {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(StatusTracker.class);

    private final Tx tx;
    private final ChainClients chains;
    private final SelectionPolicy selection;
    private final BatchingConfig batching;
    /**
     * How often the facts an upgrade may change are read from the chain again, and how often (in L1
     * seconds) an estimate that has run out (a time it estimated has passed) is made again.
     */
    private final long refreshNanos;
    private final long overdueRefreshSeconds;
    /** When each chain's upgradeable facts were last read (System.nanoTime). */
    private final Map<Long, Long> upgradeableFactsRead = new java.util.concurrent.ConcurrentHashMap<>();
    /** A ready withdrawal's longest wait: the batch window, then the cycle that sends the batch. */
    private final long etaWindowSeconds;
    private final FinalizeReadiness readiness;

    private final DisputeGameRepository gameRows;

    public StatusTracker(Tx tx, ChainClients chains, SelectionConfig selection, FinalizeReadiness readiness,
            DisputeGameRepository gameRows,
            BatchingConfig batching, @ConfigProperty(name = "opwb.pipeline.interval", defaultValue = "2s") Duration cycle,
            @ConfigProperty(name = "opwb.status.refresh-interval", defaultValue = "5m") Duration refreshInterval) {
        this.gameRows = gameRows;
        this.refreshNanos = refreshInterval.toNanos();
        this.overdueRefreshSeconds = Math.max(1, refreshInterval.toSeconds());
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
        boolean registryRules = contracts.anchorStateRegistry().isPresent();
        // Not every game the chain ever had: those that may be trusted now, bounded. The games a proof
        // names are read with the withdrawals proven against them (decide).
        long voidThrough = registryRules ? respectedUpdatedAt : respectedUpdatedAt - 1;
        List<DisputeGameEntity> games = tx.read(() -> gameRows.trustCandidates(chain.id(), respectedType, voidThrough,
                now, registryRules, EtaPolicy.INTERVAL_SAMPLE));
        Map<String, StatusRules.Game> byAddress = games.stream().map(StatusTracker::toGame)
                .collect(Collectors.toMap(g -> g.address().toLowerCase(), g -> g, (a, b) -> a));
        Optional<StatusRules.Game> best = StatusRules.bestGameToProveAgainst(byAddress.values(), respectedType,
                respectedUpdatedAt, now, registryRules);
        return new StatusRules.Context(now, contracts.proofMaturityDelaySeconds(),
                contracts.disputeGameFinalityDelaySeconds(), respectedType, respectedUpdatedAt,
                contracts.batcherAddress(), GasModel.maxFinalizeGasLimit(batching.gasBudget()), byAddress, best,
                contracts.outputOracle(), registryRules);
    }

    /**
     * Withdrawals decided per transaction. Pages keep memory flat however many are due (after a
     * backfill, hundreds of thousands may be), and each page commits on its own.
     */
    static final int PAGE = 2_000;

    /** Decisions in one pass after which the planner's statistics are refreshed ({@link StatusRechecks#statisticsRefreshed}). */
    static final int STATISTICS_AFTER = 20_000;

    /**
     * Decides the withdrawals of one chain that may have changed, page by page: those a new fact
     * concerns (marked by the database, V23), those whose clock threshold has come, and those a change
     * of what all decisions share concerns ({@link RecheckPolicy#changes}). Finalized and skipped
     * withdrawals are never read on a timer. Returns the context it used.
     */
    public StatusRules.Context update(ChainContext chain) throws Exception {
        long startedAt = System.nanoTime();
        Long lastRead = upgradeableFactsRead.get(chain.id());
        if (lastRead == null || startedAt - lastRead >= refreshNanos) {
            if (lastRead != null) {
                chain.contracts().forgetUpgradeableFacts(); // an upgrade may bring a new registry, lockbox or delays
            }
            upgradeableFactsRead.put(chain.id(), startedAt);
        }
        StatusRules.Context ctx = context(chain);
        PortalContracts contracts = chain.contracts();
        EtaInputs eta = new EtaInputs(new EtaPolicy.Clocks(ctx.proofMaturityDelay(), ctx.finalityDelay(),
                contracts.maxClockDurationSeconds(ctx.respectedGameType()), etaWindowSeconds),
                StatusRules.trustedGames(ctx.gamesByAddress().values(), ctx.respectedGameType(),
                        ctx.respectedGameTypeUpdatedAt(), ctx.now(), ctx.registryRules()));
        RecheckPolicy.Basis basis = new RecheckPolicy.Basis(RecheckPolicy.rules(ctx, eta.clocks(), selection),
                ctx.bestGame().map(StatusRules.Game::l2Block).orElse(-1L), RecheckPolicy.etaGames(eta.trustedGames()));
        RecheckPolicy.Changes changes = tx.inTransaction(() -> markChanged(chain.id(), basis));
        // Matured withdrawals the chain is asked about before they become READY_TO_FINALIZE (null: not asked)
        List<FinalizeReadiness.Pending> pending = readiness.applies(chain) ? new java.util.ArrayList<>() : null;
        int decided = 0;
        while (true) {
            // Each decided withdrawal's next time is after now: the next page is the next due ones.
            List<WithdrawalEntity> page = tx.inTransaction(() -> StatusRechecks.due(chain.id(), ctx.now(), PAGE)
                    .chain(due -> Panache.getSession().chain(s -> decide(s, chain, due, ctx, eta, pending))
                            .replaceWith(due)));
            decided += page.size();
            if (page.size() < PAGE) {
                break;
            }
        }
        if (decided >= STATISTICS_AFTER) {
            tx.inTransaction(StatusRechecks::statisticsRefreshed);
        }
        if (pending != null) {
            readiness.confirm(chain, pending);
        }
        LOG.debugf("%s: %d open withdrawals decided in %d ms (%s)", chain.name(), decided,
                (System.nanoTime() - startedAt) / 1_000_000, changes.any() ? changes : "no change of rules or games");
        return ctx;
    }

    /**
     * Compares the basis with the one the last pass kept and makes due the withdrawals a change
     * concerns; keeps this one. In one transaction: a crash leaves both or neither. Those the chain
     * is asked about are due every pass.
     */
    private static Uni<RecheckPolicy.Changes> markChanged(long chainId, RecheckPolicy.Basis basis) {
        return Panache.getSession().chain(s -> s.find(StatusBasisEntity.class, chainId).chain(kept -> {
            RecheckPolicy.Changes changes = RecheckPolicy.changes(kept == null ? null
                    : new RecheckPolicy.Basis(kept.rules, kept.bestGameBlock, kept.etaGames), basis);
            Uni<Integer> marked = StatusRechecks.askingTheChain(chainId);
            if (changes.allOpen()) {
                marked = marked.chain(() -> StatusRechecks.allOpen(chainId));
            } else {
                if (changes.coverage()) {
                    marked = marked.chain(() -> StatusRechecks.covered(chainId, changes.coveredAbove(),
                            changes.coveredThrough()));
                }
                if (changes.estimates()) {
                    marked = marked.chain(() -> StatusRechecks.estimated(chainId));
                }
            }
            StatusBasisEntity row = kept != null ? kept : new StatusBasisEntity();
            row.l2ChainId = chainId;
            row.rules = basis.rules();
            row.bestGameBlock = basis.bestGameBlock();
            row.etaGames = basis.etaGames();
            return marked.chain(() -> kept != null ? Uni.createFrom().voidItem() : s.persist(row))
                    .replaceWith(changes);
        }));
    }

    private Uni<Void> decide(Mutiny.Session s, ChainContext chain, List<WithdrawalEntity> open,
            StatusRules.Context ctx, EtaInputs eta, List<FinalizeReadiness.Pending> pending) {
        if (open.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<byte[]> hashes = open.stream().map(w -> w.withdrawalHash).toList();
        return s.createSelectionQuery("from PortalProofEntity where l2ChainId = :c and withdrawalHash in :h",
                PortalProofEntity.class).setParameter("c", chain.id()).setParameter("h", hashes).getResultList()
                .chain(proofs -> gamesNamed(chain.id(), proofs, ctx).chain(pageCtx -> s.createSelectionQuery(
                        "from PortalFinalizationEntity where l2ChainId = :c and withdrawalHash in :h",
                        PortalFinalizationEntity.class).setParameter("c", chain.id()).setParameter("h", hashes)
                        .getResultList().invoke(finals -> apply(open, proofs, finals, pageCtx, eta, pending))))
                .replaceWithVoid();
    }

    /** The context with the games these proofs name that it does not know yet. */
    private Uni<StatusRules.Context> gamesNamed(long chainId, List<PortalProofEntity> proofs, StatusRules.Context ctx) {
        Map<String, byte[]> missing = new HashMap<>();
        for (PortalProofEntity p : proofs) {
            String address = Numeric.toHexString(p.disputeGame).toLowerCase();
            if (!ctx.gamesByAddress().containsKey(address)) {
                missing.putIfAbsent(address, p.disputeGame);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(ctx);
        }
        return gameRows.byAddresses(chainId, missing.values())
                .map(rows -> ctx.withGames(rows.stream().map(StatusTracker::toGame).toList()));
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
            EtaPolicy.Timed estimate = EtaPolicy.estimateTimed(d.status(), w.l2BlockNumber, proof,
                    proof == null ? null : ctx.gamesByAddress().get(proof.game().toLowerCase()), eta.trustedGames(),
                    provableSince, ctx.now(), eta.clocks());
            setEta(w, estimate.eta());
            w.recheckAt = RecheckPolicy.dueAt(d.status(), StatusRules.decisionHeldThrough(d, proof, ctx), estimate,
                    ctx.now(), overdueRefreshSeconds);
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
