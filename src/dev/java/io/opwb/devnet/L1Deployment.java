package io.opwb.devnet;

/**
 * Addresses of the L1 contracts on the devnet (proxies unless named Impl). The fault-proof contracts
 * are always there; in the legacy flavour {@code optimismPortal} is the legacy {@code OptimismPortal}
 * and {@code l2OutputOracle} its oracle (null otherwise).
 * <p>
 * In the ASR era STAND-IN flavour ({@code asrEra} not null) {@code optimismPortal} is our
 * {@code StandInOptimismPortal2} (deployed directly: {@code optimismPortalImpl} is the same address),
 * {@code anchorStateRegistry} our {@code StandInAnchorStateRegistry}, {@code gameType} the registry's respected type;
 * {@code superchainConfig}, {@code disputeGameFactory}, {@code systemConfig} (for the bridges only: the stand-in portal
 * does not know it) are the real 0.17.3 ones behind proxies; {@code delayedWeth}, {@code preimageOracle}, {@code mips}
 * and {@code permissionedDisputeGameImpl} are null.
 */
public record L1Deployment(String proxyAdmin, String superchainConfig, String disputeGameFactory,
        String anchorStateRegistry, String delayedWeth, String preimageOracle, String mips,
        String permissionedDisputeGameImpl, String systemConfig, String optimismPortal, String optimismPortalImpl,
        long gameType, String withdrawalBatcher, String l2OutputOracle, AsrEraContracts asrEra) {

    public L1Deployment(String proxyAdmin, String superchainConfig, String disputeGameFactory,
            String anchorStateRegistry, String delayedWeth, String preimageOracle, String mips,
            String permissionedDisputeGameImpl, String systemConfig, String optimismPortal, String optimismPortalImpl,
            long gameType, String withdrawalBatcher, String l2OutputOracle) {
        this(proxyAdmin, superchainConfig, disputeGameFactory, anchorStateRegistry, delayedWeth, preimageOracle, mips,
                permissionedDisputeGameImpl, systemConfig, optimismPortal, optimismPortalImpl, gameType,
                withdrawalBatcher, l2OutputOracle, null);
    }

    L1Deployment withBatcher(String batcher) {
        return new L1Deployment(proxyAdmin, superchainConfig, disputeGameFactory, anchorStateRegistry, delayedWeth,
                preimageOracle, mips, permissionedDisputeGameImpl, systemConfig, optimismPortal, optimismPortalImpl,
                gameType, batcher, l2OutputOracle, asrEra);
    }

    L1Deployment withOutputOraclePortal(String portal, String portalImpl, String oracle) {
        return new L1Deployment(proxyAdmin, superchainConfig, disputeGameFactory, anchorStateRegistry, delayedWeth,
                preimageOracle, mips, permissionedDisputeGameImpl, systemConfig, portal, portalImpl,
                gameType, withdrawalBatcher, oracle, asrEra);
    }

    /** Which portal {@code optimismPortal} is. */
    public PortalFlavour flavour() {
        if (l2OutputOracle != null) {
            return PortalFlavour.OUTPUT_ORACLE;
        }
        return asrEra != null ? PortalFlavour.ASR_ERA_STAND_IN : PortalFlavour.OPTIMISM_PORTAL2;
    }

    /** The ASR era stand-in's ETHLockbox, which pays withdrawals; null in the other flavours. */
    public String ethLockbox() {
        return asrEra == null ? null : asrEra.ethLockbox();
    }

    public boolean outputOraclePortal() {
        return l2OutputOracle != null;
    }
}
