package io.opwb.lifecycle;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opwb.storage.ReasonCode;
import io.opwb.storage.WithdrawalStatus;

/**
 * The status rules, pure: from what is known about a withdrawal (its proofs on the portal, its
 * finalization, the games) to its status. No chain or database access here.
 */
public final class StatusRules {

    public static final int IN_PROGRESS = 0;
    public static final int CHALLENGER_WINS = 1;
    public static final int DEFENDER_WINS = 2;


    /**
     * @param respectedWhenCreated on a portal with an AnchorStateRegistry (4.x and later), the
     *        registry's {@code isGameRespected}: whether its type was the respected one when it was
     *        created; null where the portal keeps the rules itself (3.x) or before it is known
     */
    public record Game(String address, long index, long gameType, long l2Block, long createdAt, int status,
            Long resolvedAt, boolean blacklisted, Boolean rootVerified, Boolean respectedWhenCreated) {

        public Game(String address, long index, long gameType, long l2Block, long createdAt, int status,
                Long resolvedAt, boolean blacklisted, Boolean rootVerified) {
            this(address, index, gameType, l2Block, createdAt, status, resolvedAt, blacklisted, rootVerified, null);
        }
    }

    /** A proof on the portal: who submitted it, against which game, when. */
    public record Proof(String submitter, String game, long provenAt) {
    }

    /**
     * What holds for all withdrawals at one moment.
     *
     * @param now the L1 head's timestamp
     * @param maxFinalizeGasLimit the largest withdrawal gas limit one batch can still finalize
     * @param oneProofPerWithdrawal a legacy portal: it keeps one proof per withdrawal, whoever made it,
     *        finalizes with it for anyone, and takes a proof in its output's own second
     * @param registryRules a 4.x or later portal whose AnchorStateRegistry decides: a game is void when
     *        retired ({@code createdAt <= retirementTimestamp}, which {@code respectedGameTypeUpdatedAt}
     *        returns there) or when its type was not respected when it was created; a later change of
     *        the respected type leaves earlier proofs valid. On 3.x a game is void when created before
     *        the last change of the respected type ({@code createdAt < respectedGameTypeUpdatedAt}).
     */
    public record Context(long now, long proofMaturityDelay, long finalityDelay, long respectedGameType,
            long respectedGameTypeUpdatedAt, String batcher, BigInteger maxFinalizeGasLimit,
            Map<String, Game> gamesByAddress, Optional<Game> bestGame, boolean oneProofPerWithdrawal,
            boolean registryRules) {

        /** The same moment with more games known (those the proofs of some withdrawals name). */
        public Context withGames(Collection<Game> more) {
            if (more.isEmpty()) {
                return this;
            }
            Map<String, Game> all = new java.util.HashMap<>(gamesByAddress);
            more.forEach(g -> all.putIfAbsent(g.address().toLowerCase(), g));
            return new Context(now, proofMaturityDelay, finalityDelay, respectedGameType, respectedGameTypeUpdatedAt,
                    batcher, maxFinalizeGasLimit, all, bestGame, oneProofPerWithdrawal, registryRules);
        }

        /** A portal that keeps the rules itself (3.x, or legacy). */
        public Context(long now, long proofMaturityDelay, long finalityDelay, long respectedGameType,
                long respectedGameTypeUpdatedAt, String batcher, BigInteger maxFinalizeGasLimit,
                Map<String, Game> gamesByAddress, Optional<Game> bestGame, boolean oneProofPerWithdrawal) {
            this(now, proofMaturityDelay, finalityDelay, respectedGameType, respectedGameTypeUpdatedAt, batcher,
                    maxFinalizeGasLimit, gamesByAddress, bestGame, oneProofPerWithdrawal, false);
        }
    }

    /** A status with its reason: a code for the rules and queries, a text for people; null both when none. */
    public record Decision(WithdrawalStatus status, ReasonCode code, String reason, String proofSubmitter) {
    }

    private StatusRules() {
    }

    /**
     * The newest game we may prove against now: its root matches our L2 node, it is of the
     * respected type and not older than the last change of it, it is not blacklisted or lost, and
     * it was created before the L1 head's second (a proof in the game's own second can never be
     * finalized).
     */
    public static Optional<Game> bestGameToProveAgainst(Collection<Game> games, long respectedGameType,
            long respectedGameTypeUpdatedAt, long now) {
        return bestGameToProveAgainst(games, respectedGameType, respectedGameTypeUpdatedAt, now, false);
    }

    public static Optional<Game> bestGameToProveAgainst(Collection<Game> games, long respectedGameType,
            long respectedGameTypeUpdatedAt, long now, boolean registryRules) {
        List<Game> trusted = trustedGames(games, respectedGameType, respectedGameTypeUpdatedAt, now, registryRules);
        return trusted.isEmpty() ? Optional.empty() : Optional.of(trusted.get(trusted.size() - 1));
    }

    /**
     * Void by its creation time: retired under the registry ({@code createdAt <= retirementTimestamp}),
     * or on 3.x created before the respected type last changed ({@code createdAt < updatedAt}).
     */
    static boolean voidByAge(Game g, long respectedGameTypeUpdatedAt, boolean registryRules) {
        return registryRules ? g.createdAt() <= respectedGameTypeUpdatedAt : g.createdAt() < respectedGameTypeUpdatedAt;
    }

    /** The games we may prove against now (see {@link #bestGameToProveAgainst}), the best last. */
    public static List<Game> trustedGames(Collection<Game> games, long respectedGameType,
            long respectedGameTypeUpdatedAt, long now) {
        return trustedGames(games, respectedGameType, respectedGameTypeUpdatedAt, now, false);
    }

    /** As {@link #trustedGames(Collection, long, long, long)}, under the registry's rules when {@code registryRules}. */
    public static List<Game> trustedGames(Collection<Game> games, long respectedGameType,
            long respectedGameTypeUpdatedAt, long now, boolean registryRules) {
        return games.stream()
                .filter(g -> Boolean.TRUE.equals(g.rootVerified()))
                .filter(g -> g.gameType() == respectedGameType)
                .filter(g -> !registryRules || Boolean.TRUE.equals(g.respectedWhenCreated()))
                .filter(g -> !voidByAge(g, respectedGameTypeUpdatedAt, registryRules) && g.createdAt() < now)
                .filter(g -> !g.blacklisted() && g.status() != CHALLENGER_WINS)
                .sorted(Comparator.comparingLong(Game::l2Block).thenComparingLong(Game::index))
                .toList();
    }

    /**
     * @param selectionRejection why the selection policy rejects it, or null
     * @param finalizedSuccess the portal's finalization outcome, or null when not finalized
     */
    public static Decision decide(WithdrawalStatus current, ReasonCode currentCode, String currentReason,
            String selectionRejection,
            BigInteger gasLimit, long l2Block, List<Proof> proofs, Boolean finalizedSuccess, Context ctx) {
        if (finalizedSuccess != null) {
            return finalizedSuccess ? new Decision(WithdrawalStatus.FINALIZED, null, null, null)
                    : new Decision(WithdrawalStatus.FINALIZED_FAILED_CALL, ReasonCode.TARGET_CALL_FAILED,
                            "the portal reports that the call to the target failed", null);
        }
        if (current.isInFlight()) {
            return new Decision(current, currentCode, currentReason, null);
        }
        if (current == WithdrawalStatus.SKIPPED && currentCode != null && !currentCode.isPolicySkip()) {
            return new Decision(current, currentCode, currentReason, null); // a predicted failure stays skipped
        }
        if (selectionRejection != null) {
            return new Decision(WithdrawalStatus.SKIPPED, ReasonCode.NOT_SELECTED, selectionRejection, null);
        }
        if (gasLimit.compareTo(ctx.maxFinalizeGasLimit()) > 0) {
            return new Decision(WithdrawalStatus.SKIPPED, ReasonCode.GAS_LIMIT_TOO_HIGH, "gas limit " + gasLimit
                    + " cannot fit a batch under the 2^24 transaction gas cap (at most " + ctx.maxFinalizeGasLimit() + ")", null);
        }
        Proof chosen = finalizingProof(proofs, ctx);
        if (chosen != null) {
            return maturing(chosen, ctx);
        }
        Proof ours = proofs.stream().filter(p -> isOurs(p, ctx)).reduce((a, b) -> b).orElse(null);
        if (ours != null) {
            return new Decision(WithdrawalStatus.NEEDS_REPROVE, ReasonCode.PROOF_VOID, "the game of our proof " + ours.game()
                    + " can no longer finalize it: " + invalidity(ours, ctx), null);
        }
        if (ctx.bestGame().isPresent() && ctx.bestGame().get().l2Block() >= l2Block) {
            return new Decision(WithdrawalStatus.READY_TO_PROVE, null, null, null);
        }
        return new Decision(WithdrawalStatus.WAITING_FOR_GAME, ReasonCode.NO_GAME_YET,
                "no trusted game covers L2 block " + l2Block + " yet", null);
    }

    /**
     * The last L1 second at which the clock alone leaves this decision as it is: while a proof
     * matures, until it has; while its game ages, until it is final; a withdrawal the chain is asked
     * about, only this second (it is asked again). {@link Long#MAX_VALUE}: only a fact changes it.
     *
     * @param proof the proof it is finalized with ({@link #finalizingProof}), or null
     */
    public static long decisionHeldThrough(Decision d, Proof proof, Context ctx) {
        if (d.code() == null || proof == null) {
            return Long.MAX_VALUE;
        }
        return switch (d.code()) {
            case PROOF_MATURING -> proof.provenAt() + ctx.proofMaturityDelay();
            case GAME_NOT_FINAL -> {
                Game game = ctx.gamesByAddress().get(proof.game().toLowerCase());
                yield game == null || game.resolvedAt() == null ? Long.MAX_VALUE
                        : game.resolvedAt() + ctx.finalityDelay();
            }
            case CHAIN_CHECK -> ctx.now();
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * The proof a withdrawal will be finalized with: our valid proof, else the earliest valid one
     * of another submitter; null when none is valid.
     */
    public static Proof finalizingProof(List<Proof> proofs, Context ctx) {
        Proof chosen = null;
        for (Proof p : proofs) {
            if (!valid(p, ctx)) {
                continue;
            }
            if (isOurs(p, ctx)) {
                chosen = p;
            } else if (!trustedForOthersProof(ctx.gamesByAddress().get(p.game().toLowerCase()))) {
                continue; // a stranger's proof against a game we cannot vouch for: we prove ourselves
            } else if (chosen == null || !isOurs(chosen, ctx) && p.provenAt() < chosen.provenAt()) {
                chosen = p;
            }
        }
        return chosen;
    }

    /**
     * Another submitter's proof is waited for only when its game's root is one our L2 node computes,
     * or the game has won (the portal will finalize with it) and our node does not contradict it. On a
     * permissionless chain anyone can prove a victim's withdrawal against a game with a made-up root,
     * which would keep us waiting for days for a game that then loses.
     */
    static boolean trustedForOthersProof(Game game) {
        return Boolean.TRUE.equals(game.rootVerified())
                || game.status() == DEFENDER_WINS && !Boolean.FALSE.equals(game.rootVerified());
    }

    private static boolean isOurs(Proof p, Context ctx) {
        return ctx.oneProofPerWithdrawal() || p.submitter().equalsIgnoreCase(ctx.batcher());
    }

    private static Decision maturing(Proof proof, Context ctx) {
        Game game = ctx.gamesByAddress().get(proof.game().toLowerCase());
        long maturesAt = proof.provenAt() + ctx.proofMaturityDelay();
        if (ctx.now() <= maturesAt) {
            return new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.PROOF_MATURING,
                    "proof matures after L1 time " + maturesAt, proof.submitter());
        }
        if (game.status() != DEFENDER_WINS || game.resolvedAt() == null) {
            return new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_RESOLVED,
                    "game #" + game.index() + " has not resolved yet", proof.submitter());
        }
        long finalAt = game.resolvedAt() + ctx.finalityDelay();
        if (ctx.now() <= finalAt) {
            return new Decision(WithdrawalStatus.PROVEN_MATURING, ReasonCode.GAME_NOT_FINAL,
                    "game #" + game.index() + " is final after L1 time " + finalAt,
                    proof.submitter());
        }
        return new Decision(WithdrawalStatus.READY_TO_FINALIZE, null, null, proof.submitter());
    }

    private static boolean valid(Proof p, Context ctx) {
        return invalidity(p, ctx) == null;
    }

    /** Why this proof can never finalize, or null if it still can. */
    private static String invalidity(Proof p, Context ctx) {
        Game game = ctx.gamesByAddress().get(p.game().toLowerCase());
        if (game == null) {
            return "its game is unknown to us";
        }
        if (game.blacklisted()) {
            return "the game is blacklisted";
        }
        if (game.status() == CHALLENGER_WINS) {
            return "the game resolved CHALLENGER_WINS";
        }
        if (!ctx.registryRules() && game.gameType() != ctx.respectedGameType()) {
            // 3.x checks the type again at finalization: a proof against a game of a type no longer respected is void
            return "the game's type " + game.gameType() + " is no longer the respected one (" + ctx.respectedGameType() + ")";
        }
        if (ctx.registryRules() && Boolean.FALSE.equals(game.respectedWhenCreated())) {
            return "the game's type was not the respected one when it was created";
        }
        if (voidByAge(game, ctx.respectedGameTypeUpdatedAt(), ctx.registryRules())) {
            return ctx.registryRules() ? "the game is retired (created at or before the registry's retirement time "
                    + ctx.respectedGameTypeUpdatedAt() + ")" : "the game predates the last change of the respected game type";
        }
        if (p.provenAt() <= game.createdAt() && !ctx.oneProofPerWithdrawal()) {
            return "it was proven in the game's creation second";
        }
        return null;
    }
}
