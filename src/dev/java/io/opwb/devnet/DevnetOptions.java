package io.opwb.devnet;

import java.math.BigInteger;

import org.web3j.utils.Convert;

/**
 * How to build a devnet.
 *
 * @param clocks fault-proof delays
 * @param l1BlockTimeSeconds 0: L1 auto-mines, one block per transaction (tests warp time); n: a block
 *        every n seconds after deployment (a real-time demo)
 * @param fillerSlots dummy storage slots written into the message passer, for realistic proof depth
 * @param portalFunding ETH the portal holds to pay finalized withdrawals
 * @param outputOraclePortal the legacy flavour: withdrawals go through the legacy {@code OptimismPortal},
 *        which proves against an {@code L2OutputOracle} (its finalization period is the clocks' proof
 *        maturity delay), instead of {@code OptimismPortal2} and dispute games
 * @param additionalChains further OP chains on the same L1 (L2 chain ids 902, ...; at most 2), each
 *        with its own fault-proof contracts and batcher operated by the same key (in the ASR era flavour, each with
 *        the same stand-ins as the primary chain)
 * @param asrEraStandIn the "ASR era" STAND-IN flavour, null otherwise: withdrawals go through our stand-ins for
 *        op-contracts v7 ({@code StandInOptimismPortal2} 5.6.1, {@code StandInAnchorStateRegistry} 3.9.0,
 *        {@code StandInETHLockbox}, stand-in games) instead of the real OptimismPortal2 3.10.0; see
 *        {@link AsrEraStandIn}
 */
public record DevnetOptions(DevnetClocks clocks, int l1BlockTimeSeconds, int fillerSlots, BigInteger portalFunding,
        boolean outputOraclePortal, int additionalChains, AsrEraStandIn asrEraStandIn) {

    public DevnetOptions {
        if (outputOraclePortal && asrEraStandIn != null) {
            throw new IllegalArgumentException("the legacy portal and the ASR era stand-ins are two flavours: one at a time");
        }
    }

    public DevnetOptions(DevnetClocks clocks, int l1BlockTimeSeconds, int fillerSlots, BigInteger portalFunding,
            boolean outputOraclePortal, int additionalChains) {
        this(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, outputOraclePortal, additionalChains, null);
    }

    public DevnetOptions(DevnetClocks clocks, int l1BlockTimeSeconds, int fillerSlots, BigInteger portalFunding) {
        this(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, false, 0);
    }

    public static final long L1_CHAIN_ID = 900;
    public static final long L2_CHAIN_ID = 901;

    /** Mainnet clocks, auto-mining, no filler: for tests that warp time. */
    public static DevnetOptions forTests() {
        return new DevnetOptions(DevnetClocks.mainnet(), 0, 0, ether(1000));
    }

    /** Short clocks and a one-second L1 block time: a withdrawal lives its whole life in about a minute. */
    public static DevnetOptions forDemo() {
        return new DevnetOptions(DevnetClocks.demo(), 1, 10_000, ether(1000));
    }

    /** The ASR era STAND-IN flavour with these parameters and clocks, for tests that warp time (auto-mining). */
    public static DevnetOptions asrEraStandIn(AsrEraStandIn era, DevnetClocks clocks) {
        return forTests().withClocks(clocks).withAsrEraStandIn(era);
    }

    /** {@link AsrEraStandIn#opMainnetLike()} with mainnet clocks, auto-mining: for tests that warp time. */
    public static DevnetOptions asrEraOpMainnetLike() {
        return asrEraStandIn(AsrEraStandIn.opMainnetLike(), DevnetClocks.mainnet());
    }

    /** {@link AsrEraStandIn#baseLike()} with {@link DevnetClocks#baseLike()}, auto-mining: for tests that warp time. */
    public static DevnetOptions asrEraBaseLike() {
        return asrEraStandIn(AsrEraStandIn.baseLike(), DevnetClocks.baseLike());
    }

    /** Which portal the service gets. */
    public PortalFlavour flavour() {
        if (outputOraclePortal) {
            return PortalFlavour.OUTPUT_ORACLE;
        }
        return asrEraStandIn != null ? PortalFlavour.ASR_ERA_STAND_IN : PortalFlavour.OPTIMISM_PORTAL2;
    }

    public DevnetOptions withFillerSlots(int slots) {
        return new DevnetOptions(clocks, l1BlockTimeSeconds, slots, portalFunding, outputOraclePortal, additionalChains,
                asrEraStandIn);
    }

    /** With {@code chains} further OP chains on the same L1. */
    public DevnetOptions withAdditionalChains(int chains) {
        if (chains < 0 || chains > Devnet.ADDITIONAL_NAMES.length) {
            throw new IllegalArgumentException("0 to " + Devnet.ADDITIONAL_NAMES.length + " additional chains");
        }
        return new DevnetOptions(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, outputOraclePortal, chains,
                asrEraStandIn);
    }

    /** The legacy flavour: the legacy OptimismPortal and an L2OutputOracle. */
    public DevnetOptions withOutputOraclePortal() {
        return new DevnetOptions(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, true, additionalChains,
                asrEraStandIn);
    }

    /**
     * The ASR era STAND-IN flavour with these options' clocks (the registry's finality delay and the portal's proof
     * maturity come from them, the games' clock from {@code maxClockDuration}).
     */
    public DevnetOptions withAsrEraStandIn(AsrEraStandIn era) {
        return new DevnetOptions(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, outputOraclePortal,
                additionalChains, java.util.Objects.requireNonNull(era));
    }

    public DevnetOptions withClocks(DevnetClocks newClocks) {
        return new DevnetOptions(newClocks, l1BlockTimeSeconds, fillerSlots, portalFunding, outputOraclePortal,
                additionalChains, asrEraStandIn);
    }

    static BigInteger ether(long eth) {
        return Convert.toWei(BigInteger.valueOf(eth).toString(), Convert.Unit.ETHER).toBigInteger();
    }
}
