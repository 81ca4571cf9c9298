package io.opwb.devnet;

/**
 * Addresses of the L1 contracts on the devnet (proxies unless named Impl). The fault-proof contracts
 * are always there; in the legacy flavour {@code optimismPortal} is the legacy {@code OptimismPortal}
 * and {@code l2OutputOracle} its oracle (null otherwise).
 */
public record L1Deployment(String proxyAdmin, String superchainConfig, String disputeGameFactory,
        String anchorStateRegistry, String delayedWeth, String preimageOracle, String mips,
        String permissionedDisputeGameImpl, String systemConfig, String optimismPortal, String optimismPortalImpl,
        long gameType, String withdrawalBatcher, String l2OutputOracle) {

    L1Deployment withBatcher(String batcher) {
        return new L1Deployment(proxyAdmin, superchainConfig, disputeGameFactory, anchorStateRegistry, delayedWeth,
                preimageOracle, mips, permissionedDisputeGameImpl, systemConfig, optimismPortal, optimismPortalImpl,
                gameType, batcher, l2OutputOracle);
    }

    L1Deployment withOutputOraclePortal(String portal, String portalImpl, String oracle) {
        return new L1Deployment(proxyAdmin, superchainConfig, disputeGameFactory, anchorStateRegistry, delayedWeth,
                preimageOracle, mips, permissionedDisputeGameImpl, systemConfig, portal, portalImpl,
                gameType, withdrawalBatcher, oracle);
    }

    public boolean outputOraclePortal() {
        return l2OutputOracle != null;
    }
}
