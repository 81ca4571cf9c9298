package io.opwb.chain;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The generated contract wrappers (target/generated-sources/web3j), for a native executable: web3j
 * deploys a wrapper through its constructor found by reflection and decodes structs (the wrappers'
 * nested classes) through theirs. NativeImageRegistrationTest keeps the list equal to the generated
 * package. A JVM build ignores this.
 */
@RegisterForReflection(ignoreNested = false, classNames = {
        "io.opwb.chain.contracts.AnchorStateRegistry",
        "io.opwb.chain.contracts.DelayedWETH",
        "io.opwb.chain.contracts.DevnetERC20",
        "io.opwb.chain.contracts.DevnetHostileTarget",
        "io.opwb.chain.contracts.DevnetOddToken",
        "io.opwb.chain.contracts.DisputeGameFactory",
        "io.opwb.chain.contracts.IERC20Metadata",
        "io.opwb.chain.contracts.L1Block",
        "io.opwb.chain.contracts.L1CrossDomainMessenger",
        "io.opwb.chain.contracts.L1StandardBridge",
        "io.opwb.chain.contracts.L2CrossDomainMessenger",
        "io.opwb.chain.contracts.L2OutputOracle",
        "io.opwb.chain.contracts.L2StandardBridge",
        "io.opwb.chain.contracts.L2ToL1MessagePasser",
        "io.opwb.chain.contracts.MIPS",
        "io.opwb.chain.contracts.Multicall3",
        "io.opwb.chain.contracts.OpAnchorStateRegistryViews",
        "io.opwb.chain.contracts.OpDisputeGameViews",
        "io.opwb.chain.contracts.OpETHLockboxViews",
        "io.opwb.chain.contracts.OpPortalViews",
        "io.opwb.chain.contracts.OpSuperRootPortal",
        "io.opwb.chain.contracts.OptimismMintableERC20",
        "io.opwb.chain.contracts.OptimismPortal",
        "io.opwb.chain.contracts.OptimismPortal2",
        "io.opwb.chain.contracts.PermissionedDisputeGame",
        "io.opwb.chain.contracts.PreimageOracle",
        "io.opwb.chain.contracts.Proxy",
        "io.opwb.chain.contracts.ProxyAdmin",
        "io.opwb.chain.contracts.StandInAnchorStateRegistry",
        "io.opwb.chain.contracts.StandInETHLockbox",
        "io.opwb.chain.contracts.StandInFaultDisputeGame",
        "io.opwb.chain.contracts.StandInOptimismPortal2",
        "io.opwb.chain.contracts.StandInSequenceDisputeGame",
        "io.opwb.chain.contracts.StandInSuperDisputeGame",
        "io.opwb.chain.contracts.SuperchainConfig",
        "io.opwb.chain.contracts.SystemConfig",
        "io.opwb.chain.contracts.WithdrawalBatcher"
})
final class ContractWrapperReflection {

    private ContractWrapperReflection() {
    }
}
