package io.opwb.chain;

/** Fixed L2 addresses of the OP Stack. */
public final class Predeploys {
    public static final String L2_TO_L1_MESSAGE_PASSER = "0x4200000000000000000000000000000000000016";
    public static final String L2_CROSS_DOMAIN_MESSENGER = "0x4200000000000000000000000000000000000007";
    public static final String L2_STANDARD_BRIDGE = "0x4200000000000000000000000000000000000010";
    public static final String L1_BLOCK_ATTRIBUTES = "0x4200000000000000000000000000000000000015";
    /** The L2 bridge's name for ETH (OVM_ETH). */
    public static final String LEGACY_ERC20_ETH = "0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000";

    private Predeploys() {
    }
}
