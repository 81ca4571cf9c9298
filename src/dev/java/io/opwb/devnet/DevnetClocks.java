package io.opwb.devnet;

/**
 * The delays of the devnet's fault-proof contracts, in seconds.
 *
 * @param maxClockDuration a game with no moves resolves this long after its creation
 * @param clockExtension must not exceed maxClockDuration (PermissionedDisputeGame 1.2.0's only check)
 * @param proofMaturityDelay a proof must age this long before finalization
 * @param disputeGameFinalityDelay a game must have resolved this long before finalization
 * @param delayedWethDelay bond withdrawal delay
 */
public record DevnetClocks(long maxClockDuration, long clockExtension, long proofMaturityDelay,
        long disputeGameFinalityDelay, long delayedWethDelay) {

    public DevnetClocks {
        if (clockExtension > maxClockDuration) {
            throw new IllegalArgumentException("clockExtension must not exceed maxClockDuration");
        }
    }

    /** Mainnet's values: tests warp time past them. */
    public static DevnetClocks mainnet() {
        return new DevnetClocks(302_400, 10_800, 604_800, 302_400, 604_800);
    }

    /**
     * Base-like (the ASR era stand-in's second parameter set): proof maturity 1 day, finality delay 0; the games'
     * clock and the bond delay as {@link #mainnet()}.
     */
    public static DevnetClocks baseLike() {
        DevnetClocks mainnet = mainnet();
        return new DevnetClocks(mainnet.maxClockDuration(), mainnet.clockExtension(), 86_400, 0,
                mainnet.delayedWethDelay());
    }

    /** Short enough that a withdrawal's whole life takes well under two minutes of wall time. */
    public static DevnetClocks demo() {
        return new DevnetClocks(12, 0, 20, 6, 0);
    }
}
