package io.opwb.devnet;

/** Which withdrawal contracts the devnet's service portal is. */
public enum PortalFlavour {
    /** The real contracts-bedrock 0.17.3 {@code OptimismPortal2} 3.10.0 with fault-proof games: the default. */
    OPTIMISM_PORTAL2,
    /** The real legacy {@code OptimismPortal} with an {@code L2OutputOracle} ({@link DevnetOptions#withOutputOraclePortal()}). */
    OUTPUT_ORACLE,
    /**
     * OUR STAND-INS for op-contracts v7 ({@code StandInOptimismPortal2} 5.6.1, {@code StandInAnchorStateRegistry}
     * 3.9.0, {@code StandInETHLockbox}, stand-in games): see {@link AsrEraStandIn}.
     */
    ASR_ERA_STAND_IN
}
