package io.opwb.devnet;

/** Addresses of the fault-proof L1 contracts on the devnet (proxies unless named Impl). */
public record L1Deployment(String proxyAdmin, String superchainConfig, String disputeGameFactory,
        String anchorStateRegistry, String delayedWeth, String preimageOracle, String mips,
        String permissionedDisputeGameImpl, String systemConfig, String optimismPortal, String optimismPortalImpl,
        long gameType, String withdrawalBatcher) {

    L1Deployment withBatcher(String batcher) {
        return new L1Deployment(proxyAdmin, superchainConfig, disputeGameFactory, anchorStateRegistry, delayedWeth,
                preimageOracle, mips, permissionedDisputeGameImpl, systemConfig, optimismPortal, optimismPortalImpl,
                gameType, batcher);
    }
}
