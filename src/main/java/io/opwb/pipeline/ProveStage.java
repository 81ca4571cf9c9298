package io.opwb.pipeline;

import java.math.BigInteger;
import java.time.Instant;
import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opwb.batching.BatchWindow;
import io.opwb.batching.BatchingConfig;
import io.opwb.chain.ChainContext;
import io.opwb.chain.OutputRoot;
import io.opwb.chain.OutputRootReader;
import io.opwb.chain.PortalContracts;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.lifecycle.StatusRules;
import io.opwb.merkle.CalldataSize;
import io.opwb.merkle.GasModel;
import io.opwb.merkle.SharedProofNodes;
import io.opwb.proof.StorageProofs;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.GameKey;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * Builds and sends a prove batch when the window says so: all items against the newest trusted
 * game, one multi-key eth_getProof at its L2 block, each distinct proof node sent once, every item
 * simulated first.
 */
@ApplicationScoped
public class ProveStage {

    private static final Logger LOG = Logger.getLogger(ProveStage.class);

    private final Tx tx;
    private final Simulator simulator;
    private final BatchSender sender;
    private final BatchOutlet outlet;
    private final FeeGate feeGate;
    private final DryRun dryRun;
    private final SubmissionHolds holds;
    private final WithdrawalRepository withdrawals;
    private final ProvePlanner planner;

    public ProveStage(Tx tx, Simulator simulator, BatchSender sender, BatchOutlet outlet, BatchingConfig batching,
            FeeGate feeGate, DryRun dryRun, SubmissionHolds holds, WithdrawalRepository withdrawals) {
        this.withdrawals = withdrawals;
        this.dryRun = dryRun;
        this.holds = holds;
        this.tx = tx;
        this.simulator = simulator;
        this.sender = sender;
        this.outlet = outlet;
        this.feeGate = feeGate;
        this.planner = new ProvePlanner(new BatchLimits(batching.gasBudget(), batching.maxCalldataBytes(),
                outlet.oneTransaction()));
    }

    /** Returns the id of the batch it sent (in manifest mode: of the manifest it signed), or null. */
    @WithSpan("batch.build.prove")
    public Long run(ChainContext chain, StatusRules.Context ctx) throws Exception {
        if (ctx.bestGame().isEmpty()) {
            return null;
        }
        StatusRules.Game game = ctx.bestGame().get();
        List<WithdrawalEntity> ready = tx.read(() -> withdrawals.readyToProve(chain.id(), game.l2Block(),
                2 * outlet.maxItems(), dryRun.active()));
        var decision = outlet.window().decide(ready.stream().map(w -> new BatchWindow.Candidate<>(w,
                w.statusUpdatedAt.toInstant(), GasModel.proveItemEstimate(w.data.length))).toList(),
                GasModel.BATCH_BASE_GAS, Instant.now());
        if (!decision.submit() || !feeGate.allows(chain.name() + " prove", Withdrawals.oldestReadySince(decision.items()))) {
            return null;
        }
        outlet.checkFees();
        return build(chain, game, ready, decision.items());
    }

    /**
     * Proves these withdrawals now, whatever the batch window and the fee gate say (an operator's
     * command); returns the batch id, or null when none could be included (their reasons recorded).
     */
    public Long proveNow(ChainContext chain, StatusRules.Context ctx, List<WithdrawalEntity> withdrawals)
            throws Exception {
        StatusRules.Game game = ctx.bestGame().orElseThrow(() -> new IllegalStateException(
                "no trusted game on " + chain.name() + " yet: nothing to prove against"));
        for (WithdrawalEntity w : withdrawals) {
            if (w.l2BlockNumber > game.l2Block()) {
                throw new IllegalStateException("the newest trusted game covers L2 block " + game.l2Block()
                        + "; the withdrawal is in block " + w.l2BlockNumber + ": wait for a newer game");
            }
        }
        return build(chain, game, withdrawals, withdrawals);
    }

    /** Builds, simulates and sends a batch from {@code ready} (oldest first); {@code decided} if the proofs' sizes say no. */
    private Long build(ChainContext chain, StatusRules.Game game, List<WithdrawalEntity> ready,
            List<WithdrawalEntity> decided) throws Exception {
        PortalContracts contracts = chain.contracts();
        GameKey gameKey = new GameKey(chain.id(), game.index());
        DisputeGameEntity gameRow = tx.read(() -> Panache.getSession().chain(s -> s.find(DisputeGameEntity.class,
                gameKey)));
        String refused = proofMethodRefusal(contracts, gameRow);
        if (refused != null) {
            LOG.warnf("%s: game #%d cannot be proven against: %s", chain, game.index(), refused);
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(DisputeGameEntity.class, gameKey))
                    .invoke(g -> {
                        g.unusableReason = refused;
                        g.rootVerified = false;
                    }).replaceWithVoid());
            return null;
        }
        if (gameRow.superRoot() && outlet.superRootRefusal() != null) {
            LOG.warnf("%s: game #%d is a super-root game: %s; its withdrawals wait", chain, game.index(),
                    outlet.superRootRefusal());
            return null;
        }
        BigInteger block = BigInteger.valueOf(game.l2Block());
        var matching = new OutputRootReader(chain.l2()).matching(game.l2Block(), gameRow.outputRootOfChain());
        if (matching.isEmpty()) {
            LOG.warnf("%s: game #%d no longer matches our L2 node at block %s: not proving against it", chain,
                    game.index(), block);
            tx.inTransaction(() -> Panache.getSession().chain(s -> s.find(DisputeGameEntity.class, gameKey))
                    .invoke(g -> g.rootVerified = false).replaceWithVoid());
            return null;
        }
        OutputRoot root = matching.get();
        ProofTarget target = ProofTarget.of(gameRow);
        // The window opened on estimates; now size the batch by the real proofs: one multi-key
        // eth_getProof for as many of the oldest candidates as a batch may hold.
        List<WithdrawalEntity> oldest = ready.subList(0, Math.min(ready.size(), outlet.maxItems()));
        StorageProofs.Result proofs = new StorageProofs(chain.l2()).at(block,
                oldest.stream().map(w -> Withdrawals.transaction(w).storageSlot()).toList());
        var sized = outlet.window().decide(oldest.stream().map(w -> new BatchWindow.Candidate<>(w, w.statusUpdatedAt.toInstant(),
                GasModel.proveItem(proofs.forSlot(Withdrawals.transaction(w).storageSlot()).nodes().size(), w.data.length)))
                .toList(), GasModel.BATCH_BASE_GAS, Instant.now());
        List<WithdrawalEntity> chosen = sized.submit() ? sized.items() : decided;

        BigInteger simulationBlock = simulator.head();
        int baseBytes = CalldataSize.PROVE_BATCH_BASE + (target instanceof ProofTarget.SuperRootGame superGame
                ? CalldataSize.superRootProveBatchExtra(superGame.superRoot().outputRoots().size()) : 0);
        ProvePlanner.Plan<WithdrawalEntity> plan;
        try {
            plan = planner.plan(chosen.stream().map(w -> {
                WithdrawalTransaction wtx = Withdrawals.transaction(w);
                return new ProvePlanner.Candidate<>(w, wtx, proofs.forSlot(wtx.storageSlot()).nodes());
            }).toList(), baseBytes, checks(contracts, simulationBlock, target, root), simulationBlock.longValueExact());
        } catch (LeftOut.PortalPaused paused) {
            holds.hold(chain, "the portal refused a simulation: " + paused.getMessage());
            return null;
        }
        LeftOut leftOut = plan.leftOut();
        List<WithdrawalEntity> included = plan.included();
        List<Long> soloGas = plan.soloGas();
        SharedProofNodes nodes = plan.nodes();
        if (included.isEmpty()) {
            sender.recordLeftOut(chain.id(), leftOut, true);
            return null;
        }
        LOG.debugf("prove batch: %d items, %s; %d distinct proof bytes of %d", included.size(), sized.reason(),
                nodes.distinctBytes(), nodes.referencedBytes());
        return outlet.accept(chain, new BatchOutlet.Planned(BatchKind.PROVE, game.index(), included, null, soloGas,
                leftOut, contracts.batcherAddress(), () -> target.batcherCall(contracts, root, nodes.nodes(), plan.items()),
                plan.gas()));
    }

    /** The chain's answers for the planner, all at one L1 block, against this game and output root. */
    private ProvePlanner.Checks checks(PortalContracts contracts, BigInteger block, ProofTarget target, OutputRoot root) {
        return new ProvePlanner.Checks() {
            @Override
            public io.opwb.chain.CallOutcome targetCall(WithdrawalTransaction tx) {
                return simulator.targetCall(contracts, block, tx);
            }

            @Override
            public io.opwb.chain.CallOutcome prove(WithdrawalTransaction tx, List<byte[]> proof) {
                return simulator.prove(contracts, block, tx, target, root, proof);
            }

            @Override
            public Long soloGas(WithdrawalTransaction tx, List<byte[]> proof) {
                return simulator.soloProveGas(contracts, tx, target, root, proof);
            }
        };
    }

    /**
     * Why the portal takes no proof against this game now, or null: its proof method (against output roots, or
     * super roots once it migrated) must be the game's kind. Asked of the portal at each batch: a migration
     * turns every output-root game unusable, and it is one-way.
     */
    private static String proofMethodRefusal(PortalContracts contracts, DisputeGameEntity game) throws IOException {
        boolean superRoots = contracts.superRootsActive();
        if (game.superRoot() == superRoots) {
            return null;
        }
        return superRoots ? "an output-root game while the portal proves against super roots (superRootsActive)"
                : "a super-root game while the portal proves against output roots";
    }
}
