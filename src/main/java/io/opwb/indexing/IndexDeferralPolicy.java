package io.opwb.indexing;

import java.util.List;

/**
 * When a backfill drops the withdrawal table's look-up indexes, to build them once at the end: an
 * index entry on a random key (a hash, an address) costs the insert a random page of each index,
 * while a build sorts once. Worth it when what is left to read is large, and large next to what the
 * table holds already (the build reads the whole table, old rows too).
 */
public final class IndexDeferralPolicy {

    /**
     * The indexes a backfill may drop: those on random keys (a hash, an address: each new entry
     * lands on a page of its own), which only the API's look-ups read (by L2 transaction, sender,
     * target, account). Kept whatever happens: the primary key (the insert's ON CONFLICT, every
     * look-up by hash); {@code withdrawal_newest_keyset} (the indexer's own reorg queries,
     * {@code WithdrawalRows.blocks} and {@code deleteAfter}, and the list); the status feed's
     * {@code withdrawal_status_change} (polled every second while anyone listens); the status
     * indexes and every partial index (the pipeline's work queues, read every cycle while the
     * backfill runs: they hold only open withdrawals). Those kept grow at their right-hand end as
     * blocks and transactions go on, or hold few distinct keys: cheap to keep up.
     */
    public static final List<String> DEFERRABLE = List.of("withdrawal_l2_tx_hash", "withdrawal_sender",
            "withdrawal_target", "withdrawal_l2_account_newest", "withdrawal_l1_account_newest");

    private final boolean enabled;
    private final long minWithdrawals;

    public IndexDeferralPolicy(boolean enabled, long minWithdrawals) {
        this.enabled = enabled;
        this.minWithdrawals = minWithdrawals;
    }

    /**
     * The withdrawals expected in the {@code blocksLeft} blocks still to read, at the density of the
     * {@code blocksRead} just read ({@code withdrawalsRead} of them); 0 before a block is read.
     */
    public static long expectedWithdrawals(long blocksLeft, long blocksRead, long withdrawalsRead) {
        if (blocksRead <= 0 || blocksLeft <= 0) {
            return 0;
        }
        return (long) ((double) withdrawalsRead / blocksRead * blocksLeft);
    }

    /**
     * Whether {@code expected} withdrawals are enough to ask the table's size at all: deferral is on
     * and they reach {@code min-withdrawals}.
     */
    public boolean large(long expected) {
        return enabled && expected >= minWithdrawals;
    }

    /**
     * Whether the rest of a backfill ({@code expected} withdrawals) is worth dropping the indexes
     * for: {@link #large} and at least as many as the table holds ({@code rowsInTable}, PostgreSQL's
     * estimate).
     */
    public boolean defer(long expected, long rowsInTable) {
        return large(expected) && expected >= rowsInTable;
    }

    /**
     * Whether the dropped indexes are built now: the indexer that asks has caught up (or chose not to
     * defer) and no chain's backfill in this replica still runs with them dropped (the table is all
     * chains'). Indexes recorded as dropped by a run that crashed are built on the same terms.
     */
    public static boolean rebuild(int chainsDeferring, boolean anyRecorded) {
        return chainsDeferring == 0 && anyRecorded;
    }
}
