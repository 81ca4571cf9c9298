package io.opwb.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.utils.Numeric;

import io.opwb.chain.ChainClients;
import io.opwb.chain.ChainContext;
import io.opwb.chain.FinalizationCheck;
import io.opwb.storage.ReasonCode;
import io.opwb.storage.Tx;
import io.opwb.storage.DisputeGameRepository;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.smallrye.mutiny.Uni;

/**
 * The chain has the last word on READY_TO_FINALIZE: when our rules find a proof matured and its
 * game final, the withdrawal stays PROVEN_MATURING until the portal's own {@code checkWithdrawal}
 * (and, on ASR-era portals, the registry's views) agree. A refusal is shown as the reason; a game
 * the chain calls blacklisted or not respected is recorded so, and the rules then void the proof
 * (a re-prove only ever follows from recorded facts, never from one answer alone). A legacy
 * portal has no such view: its rules alone decide.
 */
@ApplicationScoped
public class FinalizeReadiness {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(FinalizeReadiness.class);

    /** Checks asked of one chain per status pass; the rest wait for the next pass, fresh ones first. */
    static final int CHECKS_PER_PASS = 256;
    /** How long a refused withdrawal waits before it is asked about again. */
    static final long RECHECK_NANOS = 10_000_000_000L;
    /** Refusal times kept at most (a few MB); beyond it they are forgotten, and those withdrawals asked again. */
    static final int MAX_REMEMBERED = 100_000;
    /** Shown while a matured withdrawal waits for the chain's check. */
    static final String ASKING = "the proof has matured and its game is final by our records; asking the portal";

    private final Tx tx;
    private final ChainClients chains;
    /** When each refused withdrawal (chain:hash) was last asked about (System.nanoTime). */
    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();

    private final WithdrawalRepository withdrawals;
    private final DisputeGameRepository games;

    public FinalizeReadiness(Tx tx, ChainClients chains, WithdrawalRepository withdrawals, DisputeGameRepository games) {
        this.withdrawals = withdrawals;
        this.games = games;
        this.tx = tx;
        this.chains = chains;
    }

    /** A withdrawal the rules hold ready to finalize with this submitter's proof against this game. */
    public record Pending(byte[] withdrawalHash, String submitter, String game, boolean refusedBefore) {
    }

    /** The status a verdict leaves a matured withdrawal in. Pure. */
    public static StatusRules.Decision decide(FinalizationCheck.Verdict verdict, String submitter) {
        return switch (verdict.kind()) {
            case PASSES, NO_VIEW -> new StatusRules.Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, submitter);
            case NOT_YET -> maturing("the portal says not yet: " + verdict.reason(), submitter);
            case PAUSED -> maturing("held while paused: " + verdict.reason(), submitter);
            case VOID -> maturing("the portal refuses this proof: " + verdict.reason(), submitter);
            case FINALIZED -> maturing("the portal has finalized it; waiting for its finalization to be indexed",
                    submitter);
            case UNRECOGNIZED -> maturing("the portal's checkWithdrawal refuses: " + verdict.reason(), submitter);
        };
    }

    private static StatusRules.Decision maturing(String reason, String submitter) {
        return new StatusRules.Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.CHAIN_CHECK, reason, submitter);
    }

    /** Whether this chain's portal can be asked (every OptimismPortal2; not the legacy portal). */
    public boolean applies(ChainContext chain) throws Exception {
        return !chain.contracts().outputOracle();
    }

    /**
     * The status a withdrawal the rules call READY_TO_FINALIZE takes before the chain is asked, and
     * whether to ask now: already ready stays ready; otherwise PROVEN_MATURING, asked now unless it
     * was refused within {@link #RECHECK_NANOS} (then it keeps its status and reason).
     */
    boolean dueForCheck(long chainId, byte[] withdrawalHash) {
        Long at = refusedAt.get(key(chainId, withdrawalHash));
        return at == null || System.nanoTime() - at >= RECHECK_NANOS;
    }

    boolean refusedBefore(long chainId, byte[] withdrawalHash) {
        return refusedAt.containsKey(key(chainId, withdrawalHash));
    }

    /**
     * Asks the chain about up to {@link #CHECKS_PER_PASS} pending withdrawals (fresh ones first) and
     * records the outcomes in one transaction. A node that does not answer leaves a withdrawal as it is.
     */
    public void confirm(ChainContext chain, List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        if (refusedAt.size() > MAX_REMEMBERED) {
            refusedAt.clear(); // entries of withdrawals that moved on are never removed one by one; they are only timers
        }
        List<Pending> order = new ArrayList<>(pending);
        order.sort(java.util.Comparator.comparing(Pending::refusedBefore));
        Map<String, FinalizationCheck.Verdict> verdicts = new HashMap<>();
        Map<String, Pending> byHash = new HashMap<>();
        for (Pending p : order.subList(0, Math.min(order.size(), CHECKS_PER_PASS))) {
            try {
                FinalizationCheck.Verdict v = FinalizationCheck.ask(chains.l1(), chain.contracts(), p.withdrawalHash(),
                        p.submitter(), p.game());
                String hash = Numeric.toHexString(p.withdrawalHash());
                verdicts.put(hash, v);
                byHash.put(hash, p);
                if (v.kind() == FinalizationCheck.Kind.PASSES || v.kind() == FinalizationCheck.Kind.NO_VIEW) {
                    refusedAt.remove(key(chain.id(), p.withdrawalHash()));
                } else {
                    refusedAt.put(key(chain.id(), p.withdrawalHash()), System.nanoTime());
                }
                if (v.kind() == FinalizationCheck.Kind.VOID || v.kind() == FinalizationCheck.Kind.UNRECOGNIZED) {
                    LOG.warnf("%s: our records hold %s ready to finalize with %s's proof, but the chain refuses: %s",
                            chain, hash, p.submitter(), v.reason());
                }
            } catch (Exception e) { // the node's silence decides nothing
                LOG.debugf("%s: could not ask the portal about %s: %s", chain,
                        Numeric.toHexString(p.withdrawalHash()), e.getMessage());
            }
        }
        if (!verdicts.isEmpty()) {
            record(chain, verdicts, byHash);
        }
    }

    private void record(ChainContext chain, Map<String, FinalizationCheck.Verdict> verdicts, Map<String, Pending> byHash) {
        List<byte[]> hashes = byHash.values().stream().map(Pending::withdrawalHash).toList();
        tx.inTransaction(() -> withdrawals.findByHashes(chain.id(), hashes)
                .chain(rows -> {
                    Uni<Void> facts = Uni.createFrom().voidItem();
                    for (WithdrawalEntity w : rows) {
                        String hash = Numeric.toHexString(w.withdrawalHash);
                        FinalizationCheck.Verdict v = verdicts.get(hash);
                        if (v == null || w.status != WithdrawalStatus.PROVEN_MATURING) {
                            continue; // something else moved it meanwhile
                        }
                        Pending p = byHash.get(hash);
                        StatusRules.Decision d = decide(v, p.submitter());
                        w.setStatus(d.status(), d.code(), d.reason());
                        if (v.fact() != FinalizationCheck.GameFact.NONE) {
                            byte[] game = Numeric.hexStringToByteArray(p.game());
                            facts = facts.chain(() -> (v.fact() == FinalizationCheck.GameFact.BLACKLISTED
                                    ? games.markBlacklisted(chain.id(), game)
                                    : games.markNotRespectedWhenCreated(chain.id(), game)).replaceWithVoid());
                        }
                    }
                    return facts;
                }));
    }

    private static String key(long chainId, byte[] withdrawalHash) {
        return chainId + ":" + Numeric.toHexString(withdrawalHash);
    }
}
