package io.opwb.devnet;

/**
 * The messenger and standard bridge on the devnet: the L1 proxies (the L2 sides sit at their
 * predeploy addresses), and one bridged token pair: an ERC-20 on L1 and its
 * {@code OptimismMintableERC20} on L2.
 */
public record BridgeDeployment(String l1CrossDomainMessenger, String l1StandardBridge, String l1Token,
        String l2Token) {
}
