package io.opwb.devnet;

/**
 * What the ASR era STAND-IN flavour deployed besides the portal (see {@link AsrEraStandIn}): our
 * {@code StandInAnchorStateRegistry} (3.9.0's stand-in) and {@code StandInETHLockbox}, and the stand-in game
 * implementations the real 0.17.3 factory clones.
 *
 * @param name the parameter set's name ("OP-Mainnet-like", "Base-like")
 * @param anchorStateRegistry the stand-in registry (respected type, retirement, blacklist, finality delay)
 * @param ethLockbox the stand-in lockbox, which holds the ETH withdrawals are paid from
 * @param respectedGameImpl the implementation of the respected type
 * @param previousGameImpl the implementation of the type respected before the switch; null without a switch
 * @param retiredGame the game made before the switch, retired by it; null without a switch
 */
public record AsrEraContracts(String name, String anchorStateRegistry, String ethLockbox, String respectedGameImpl,
        String previousGameImpl, String retiredGame) {
}
