package io.opwb.chain;

/** Fixed L2 addresses of the OP Stack. */
public final class Predeploys {
    public static final String L2_TO_L1_MESSAGE_PASSER = "0x4200000000000000000000000000000000000016";

    private Predeploys() {
    }
}
