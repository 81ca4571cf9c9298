package io.opwb.devnet;

/**
 * The "ASR era" devnet flavour's parameters: the current OP Stack withdrawal contracts (op-contracts v7:
 * OptimismPortal2 5.6.1 with an AnchorStateRegistry 3.9.0 and an ETHLockbox) played by OUR STAND-INS
 * ({@code contracts/src/StandIn*.sol}, written from the public specs; not OP's code, never audited), beside the real
 * contracts-bedrock 0.17.3 SuperchainConfig and DisputeGameFactory. What the service meets on this flavour is what the
 * stand-ins do, which is close to, but not, what OP Mainnet or Base run.
 *
 * @param name how logs and reports call this parameter set
 * @param respectedGameType the registry's respected game type, whose implementation the factory holds
 * @param game which stand-in game plays that type
 * @param previousGameType when not negative: the registry starts with this type respected (a
 *        {@code StandInFaultDisputeGame} implementation is registered for it), one game of it is made for the anchor
 *        block, and then the guardian switches to {@code respectedGameType} and retires every game made until then
 *        ({@code setRespectedGameType} + {@code updateRetirementTimestamp}), as a chain does when it changes game type
 */
public record AsrEraStandIn(String name, long respectedGameType, Game game, long previousGameType) {

    /** The stand-in game implementation of the respected type. */
    public enum Game {
        /** {@code StandInFaultDisputeGame}: output-root claims, answers {@code l2BlockNumber()} and {@code l2SequenceNumber()}. */
        FAULT,
        /** {@code StandInSequenceDisputeGame}: output-root claims, {@code l2SequenceNumber()} only (no {@code l2BlockNumber()}). */
        SEQUENCE
    }

    /** Base's respected game type since its switch (a game answering only {@code l2SequenceNumber()}). */
    public static final long BASE_GAME_TYPE = 621;
    /** The type Base respected before the switch (permissionless CANNON). */
    public static final long BASE_PREVIOUS_GAME_TYPE = 0;

    public AsrEraStandIn {
        if (respectedGameType < 0 || respectedGameType > 0xffff_ffffL) {
            throw new IllegalArgumentException("a game type is a uint32");
        }
        if (previousGameType == respectedGameType) {
            throw new IllegalArgumentException("the previous game type must differ from the respected one");
        }
    }

    /**
     * OP-Mainnet-like: a {@code StandInFaultDisputeGame} as the respected type, with the game type number the 3.10.0
     * devnet uses ({@link L1Deployer#GAME_TYPE_PERMISSIONED}, 1); the clocks are the options' own ({@link DevnetClocks}).
     */
    public static AsrEraStandIn opMainnetLike() {
        return new AsrEraStandIn("OP-Mainnet-like", L1Deployer.GAME_TYPE_PERMISSIONED.longValueExact(), Game.FAULT, -1);
    }

    /**
     * Base-like: respected type {@value #BASE_GAME_TYPE} played by {@code StandInSequenceDisputeGame} (no
     * {@code l2BlockNumber()}), switched to from type {@value #BASE_PREVIOUS_GAME_TYPE}, whose games are retired. Its
     * clocks (proof maturity 1 day, finality delay 0) are {@link DevnetClocks#baseLike()}.
     */
    public static AsrEraStandIn baseLike() {
        return new AsrEraStandIn("Base-like", BASE_GAME_TYPE, Game.SEQUENCE, BASE_PREVIOUS_GAME_TYPE);
    }

    /** Whether the deployment switches from {@link #previousGameType()} and retires its games. */
    public boolean switchesGameType() {
        return previousGameType >= 0;
    }
}
