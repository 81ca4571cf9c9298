// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN for OP's AnchorStateRegistry 3.9.0 (op-contracts v7), written by us for our devnet from the public spec
// (specs/fault-proof/stage-one/anchor-state-registry.md) and the ABI of the tagged sources. It is not OP's code and
// has not been audited: never deploy it anywhere that holds value.
//
// Where it deviates from 3.9.0 (on purpose):
// - The pause and the guardian come from a contracts-bedrock 0.17.3 SuperchainConfig given to `initialize` (its
//   global `paused()` and `guardian()`); 3.9.0 takes a SystemConfig and asks it (which asks a SuperchainConfig 2.x
//   for the pause of its own identifier). `initialize` has the same ABI types (address, address, (bytes32,uint256),
//   uint32), and `superchainConfig()` answers what was given; there is no `systemConfig()`.
// - No proxy, no ProxyAdmin: deployed directly; `initialize` may be called once, by the deployer only.
// - The anchor: `getAnchorRoot`/`anchors`/`anchorGame`/`setAnchorState` are kept, but no game of ours calls
//   `setAnchorState` on its own (anyone may call it with a game whose claim is valid).

import { GameType, Claim, Hash, GameStatus } from "@eth-optimism/contracts-bedrock/src/dispute/lib/Types.sol";
import {
    IStandInDisputeGame,
    IStandInDisputeGameFactory,
    IStandInSuperchainConfig
} from "./StandInInterfaces.sol";

/// @notice An L2 state commitment and its sequence number (block number, or timestamp for super roots).
struct StandInProposal {
    Hash root;
    uint256 l2SequenceNumber;
}

contract StandInAnchorStateRegistry {
    /// @notice The dispute game finality delay ("airgap") in seconds.
    uint256 internal immutable DISPUTE_GAME_FINALITY_DELAY_SECONDS;

    /// @notice Who may call `initialize` (the stand-in's replacement for the ProxyAdmin check).
    address internal immutable DEPLOYER;

    bool internal initialized;

    /// @notice The SuperchainConfig (contracts-bedrock 0.17.3) whose pause and guardian this registry follows.
    IStandInSuperchainConfig public superchainConfig;

    /// @notice The DisputeGameFactory whose games this registry judges.
    IStandInDisputeGameFactory public disputeGameFactory;

    /// @notice The game whose claim is the anchor, once one was set.
    IStandInDisputeGame public anchorGame;

    StandInProposal internal startingAnchorRoot;

    /// @notice Blacklisted games.
    mapping(IStandInDisputeGame => bool) public disputeGameBlacklist;

    /// @notice The respected game type: games record at creation whether their type was this one.
    GameType public respectedGameType;

    /// @notice Games created at or before this timestamp are retired.
    uint64 public retirementTimestamp;

    event AnchorUpdated(IStandInDisputeGame indexed game);
    event RespectedGameTypeSet(GameType gameType);
    event RetirementTimestampSet(uint256 timestamp);
    event DisputeGameBlacklisted(IStandInDisputeGame indexed disputeGame);

    error AnchorStateRegistry_InvalidAnchorGame();
    error AnchorStateRegistry_Unauthorized();

    /// @notice The version of OP's contract this stands in for.
    function version() external pure returns (string memory) {
        return "3.9.0";
    }

    constructor(uint256 _disputeGameFinalityDelaySeconds) {
        DISPUTE_GAME_FINALITY_DELAY_SECONDS = _disputeGameFinalityDelaySeconds;
        DEPLOYER = msg.sender;
    }

    /// @notice Sets the registry up, once. As in 3.9.0: the respected type is set WITHOUT an event, and every game
    ///         created up to this second is retired.
    function initialize(
        IStandInSuperchainConfig _superchainConfig,
        IStandInDisputeGameFactory _disputeGameFactory,
        StandInProposal memory _startingAnchorRoot,
        GameType _startingRespectedGameType
    )
        external
    {
        if (msg.sender != DEPLOYER || initialized) revert AnchorStateRegistry_Unauthorized();
        initialized = true;
        superchainConfig = _superchainConfig;
        disputeGameFactory = _disputeGameFactory;
        startingAnchorRoot = _startingAnchorRoot;
        respectedGameType = _startingRespectedGameType;
        retirementTimestamp = uint64(block.timestamp);
    }

    function paused() public view returns (bool) {
        return superchainConfig.paused();
    }

    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return DISPUTE_GAME_FINALITY_DELAY_SECONDS;
    }

    /// @notice Guardian only. Affects games created from now on (they record it at creation).
    function setRespectedGameType(GameType _gameType) external {
        _assertOnlyGuardian();
        respectedGameType = _gameType;
        emit RespectedGameTypeSet(_gameType);
    }

    /// @notice Guardian only. Retires every game created up to and including this second.
    function updateRetirementTimestamp() external {
        _assertOnlyGuardian();
        retirementTimestamp = uint64(block.timestamp);
        emit RetirementTimestampSet(block.timestamp);
    }

    /// @notice Guardian only.
    function blacklistDisputeGame(IStandInDisputeGame _disputeGame) external {
        _assertOnlyGuardian();
        disputeGameBlacklist[_disputeGame] = true;
        emit DisputeGameBlacklisted(_disputeGame);
    }

    /// @notice Legacy: the same root for every game type.
    function anchors(GameType) external view returns (Hash, uint256) {
        return getAnchorRoot();
    }

    function getAnchorRoot() public view returns (Hash, uint256) {
        if (address(anchorGame) == address(0)) {
            return (startingAnchorRoot.root, startingAnchorRoot.l2SequenceNumber);
        }
        return (Hash.wrap(Claim.unwrap(anchorGame.rootClaim())), anchorGame.l2SequenceNumber());
    }

    /// @notice Created by our factory (its `games(type, root, extraData)` is this game) and built for this registry.
    function isGameRegistered(IStandInDisputeGame _game) public view returns (bool) {
        (GameType gameType, Claim rootClaim, bytes memory extraData) = _game.gameData();
        (address registered,) = disputeGameFactory.games(gameType, rootClaim, extraData);
        return registered == address(_game) && _game.anchorStateRegistry() == address(this);
    }

    /// @notice Whether the game's type was the respected one when the game was created (the game's own record).
    function isGameRespected(IStandInDisputeGame _game) public view returns (bool) {
        return _game.wasRespectedGameTypeWhenCreated();
    }

    function isGameBlacklisted(IStandInDisputeGame _game) public view returns (bool) {
        return disputeGameBlacklist[_game];
    }

    /// @notice Created at or before the retirement timestamp.
    function isGameRetired(IStandInDisputeGame _game) public view returns (bool) {
        return _game.createdAt().raw() <= retirementTimestamp;
    }

    function isGameResolved(IStandInDisputeGame _game) public view returns (bool) {
        GameStatus status = _game.status();
        return _game.resolvedAt().raw() != 0
            && (status == GameStatus.DEFENDER_WINS || status == GameStatus.CHALLENGER_WINS);
    }

    /// @notice Registered, not blacklisted, not retired, and the system not paused. Says nothing about the claim.
    function isGameProper(IStandInDisputeGame _game) public view returns (bool) {
        return isGameRegistered(_game) && !isGameBlacklisted(_game) && !isGameRetired(_game) && !paused();
    }

    /// @notice Resolved, and more than the finality delay ago.
    function isGameFinalized(IStandInDisputeGame _game) public view returns (bool) {
        return isGameResolved(_game) && block.timestamp - _game.resolvedAt().raw() > DISPUTE_GAME_FINALITY_DELAY_SECONDS;
    }

    /// @notice Proper, respected, finalized and DEFENDER_WINS.
    function isGameClaimValid(IStandInDisputeGame _game) public view returns (bool) {
        return isGameProper(_game) && isGameRespected(_game) && isGameFinalized(_game)
            && _game.status() == GameStatus.DEFENDER_WINS;
    }

    /// @notice Makes a game with a valid claim, newer than the current anchor, the anchor game.
    function setAnchorState(IStandInDisputeGame _game) external {
        if (!isGameClaimValid(_game)) revert AnchorStateRegistry_InvalidAnchorGame();
        (, uint256 anchorSequenceNumber) = getAnchorRoot();
        if (_game.l2SequenceNumber() <= anchorSequenceNumber) revert AnchorStateRegistry_InvalidAnchorGame();
        anchorGame = _game;
        emit AnchorUpdated(_game);
    }

    function _assertOnlyGuardian() internal view {
        if (msg.sender != superchainConfig.guardian()) revert AnchorStateRegistry_Unauthorized();
    }
}
