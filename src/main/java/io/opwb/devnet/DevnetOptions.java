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
 *        with its own fault-proof contracts and batcher operated by the same key
 */
public record DevnetOptions(DevnetClocks clocks, int l1BlockTimeSeconds, int fillerSlots, BigInteger portalFunding,
        boolean outputOraclePortal, int additionalChains) {

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

    public DevnetOptions withFillerSlots(int slots) {
        return new DevnetOptions(clocks, l1BlockTimeSeconds, slots, portalFunding, outputOraclePortal, additionalChains);
    }

    /** With {@code chains} further OP chains on the same L1. */
    public DevnetOptions withAdditionalChains(int chains) {
        if (chains < 0 || chains > Devnet.ADDITIONAL_NAMES.length) {
            throw new IllegalArgumentException("0 to " + Devnet.ADDITIONAL_NAMES.length + " additional chains");
        }
        return new DevnetOptions(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, outputOraclePortal, chains);
    }

    /** The legacy flavour: the legacy OptimismPortal and an L2OutputOracle. */
    public DevnetOptions withOutputOraclePortal() {
        return new DevnetOptions(clocks, l1BlockTimeSeconds, fillerSlots, portalFunding, true, additionalChains);
    }

    public DevnetOptions withClocks(DevnetClocks newClocks) {
        return new DevnetOptions(newClocks, l1BlockTimeSeconds, fillerSlots, portalFunding, outputOraclePortal, additionalChains);
    }

    static BigInteger ether(long eth) {
        return Convert.toWei(BigInteger.valueOf(eth).toString(), Convert.Unit.ETHER).toBigInteger();
    }
}
