// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN dispute games for our devnet, written by us from the public specs
// (specs/fault-proof/stage-one/dispute-game-interface.md, the super-root sections of specs/interop) and the ABI of
// OP's games (IDisputeGame of op-contracts v4..v7). They play no bisection game at all: a game is won by its
// defender once `maxClockDuration` has passed since its creation, unless someone called `challenge()` before that,
// in which case it resolves CHALLENGER_WINS. Not OP's code; never deploy them anywhere that holds value.
//
// They are created by the REAL contracts-bedrock 0.17.3 DisputeGameFactory: `create(gameType, rootClaim, extraData)`
// clones the implementation (solady LibClone, clones-with-immutable-args) and calls `initialize()`. Every call to
// a clone carries, after the caller's calldata, the clone's immutable args followed by a 2-byte big-endian length
// (args length + 2); the args are abi.encodePacked(gameCreator, rootClaim, l1Head = parent block hash, extraData):
//   [0, 20) creator | [20, 52) root claim | [52, 84) l1 head | [84, n) extra data.
// The games read them from calldata themselves (solady is not in our packages).
//
// Three concrete games share one base:
// - StandInFaultDisputeGame: output-root claims; extraData = uint256 L2 block number (32 bytes); answers both
//   `l2BlockNumber()` and `l2SequenceNumber()`.
// - StandInSequenceDisputeGame: like a game type without `l2BlockNumber()` (Base's type 621 has only
//   `l2SequenceNumber()`); same extraData. The selector is absent, so calling it reverts.
// - StandInSuperDisputeGame: super-root claims. extraData = uint256 l2SequenceNumber (the super root's timestamp)
//   ++ the super root's preimage, version 1 as in the interop spec:
//   0x01 ++ uint64 timestamp (8 bytes, big-endian) ++ (uint256 chainId ++ bytes32 outputRoot)…, sorted by chain id;
//   root claim = keccak256(preimage). `initialize` checks both; `rootClaimByChainId(id)` reads the preimage.
//   Deviation: OP's super games carry only the sequence number in extraData (the preimage is argued in the game,
//   and their `rootClaimByChainId` comes from the game's own records); carrying the preimage is the stand-in's
//   simplification.

import { GameType, Claim, Hash, Timestamp, Duration, GameStatus } from
    "@eth-optimism/contracts-bedrock/src/dispute/lib/Types.sol";
import { IStandInAnchorStateRegistry } from "./StandInInterfaces.sol";

abstract contract StandInDisputeGameBase {
    GameType internal immutable GAME_TYPE;
    Duration internal immutable MAX_CLOCK_DURATION;
    IStandInAnchorStateRegistry internal immutable ANCHOR_STATE_REGISTRY;

    Timestamp public createdAt;
    Timestamp public resolvedAt;
    GameStatus public status;
    /// @notice Whether the registry's respected game type was this game's type when it was created.
    bool public wasRespectedGameTypeWhenCreated;
    /// @notice Stand-in only: whoever challenged the root claim before the clock ran out.
    address public challenger;
    bool internal initialized;

    event Resolved(GameStatus indexed status);
    /// @notice Stand-in only.
    event Challenged(address indexed challenger);

    error AlreadyInitialized();
    error BadExtraData();
    error ClockNotExpired();
    error ClockTimeExceeded();
    error GameNotInProgress();

    constructor(GameType _gameType, Duration _maxClockDuration, IStandInAnchorStateRegistry _anchorStateRegistry) {
        GAME_TYPE = _gameType;
        MAX_CLOCK_DURATION = _maxClockDuration;
        ANCHOR_STATE_REGISTRY = _anchorStateRegistry;
    }

    /// @notice Called by the factory right after cloning. Records the creation time and whether the type is respected.
    function initialize() external payable {
        if (initialized) revert AlreadyInitialized();
        initialized = true;
        _checkExtraData();
        createdAt = Timestamp.wrap(uint64(block.timestamp));
        wasRespectedGameTypeWhenCreated =
            GameType.unwrap(ANCHOR_STATE_REGISTRY.respectedGameType()) == GameType.unwrap(GAME_TYPE);
    }

    /// @notice Stand-in only: anyone may dispute the root claim while the clock runs; the game then resolves
    ///         CHALLENGER_WINS.
    function challenge() external {
        if (status != GameStatus.IN_PROGRESS) revert GameNotInProgress();
        if (block.timestamp > createdAt.raw() + MAX_CLOCK_DURATION.raw()) revert ClockTimeExceeded();
        if (challenger == address(0)) {
            challenger = msg.sender;
            emit Challenged(msg.sender);
        }
    }

    /// @notice After the clock: DEFENDER_WINS, or CHALLENGER_WINS when challenged.
    function resolve() external returns (GameStatus status_) {
        if (status != GameStatus.IN_PROGRESS) revert GameNotInProgress();
        if (block.timestamp <= createdAt.raw() + MAX_CLOCK_DURATION.raw()) revert ClockNotExpired();
        status_ = challenger == address(0) ? GameStatus.DEFENDER_WINS : GameStatus.CHALLENGER_WINS;
        status = status_;
        resolvedAt = Timestamp.wrap(uint64(block.timestamp));
        emit Resolved(status_);
    }

    function gameType() public view returns (GameType) {
        return GAME_TYPE;
    }

    function maxClockDuration() external view returns (Duration) {
        return MAX_CLOCK_DURATION;
    }

    function anchorStateRegistry() external view returns (IStandInAnchorStateRegistry) {
        return ANCHOR_STATE_REGISTRY;
    }

    function gameCreator() public pure returns (address creator_) {
        uint256 offset = _argsOffset();
        assembly {
            creator_ := shr(96, calldataload(offset))
        }
    }

    function rootClaim() public pure returns (Claim rootClaim_) {
        uint256 offset = _argsOffset();
        assembly {
            rootClaim_ := calldataload(add(offset, 20))
        }
    }

    function l1Head() public pure returns (Hash l1Head_) {
        uint256 offset = _argsOffset();
        assembly {
            l1Head_ := calldataload(add(offset, 52))
        }
    }

    function extraData() public pure returns (bytes memory extraData_) {
        (uint256 start, uint256 length) = _extraDataRange();
        extraData_ = msg.data[start:start + length];
    }

    function gameData() external view returns (GameType gameType_, Claim rootClaim_, bytes memory extraData_) {
        return (GAME_TYPE, rootClaim(), extraData());
    }

    /// @notice The L2 position the claim is about: extraData's first word (a block number, or a timestamp).
    function l2SequenceNumber() public pure returns (uint256 l2SequenceNumber_) {
        (uint256 start,) = _extraDataRange();
        assembly {
            l2SequenceNumber_ := calldataload(start)
        }
    }

    /// @notice Where the clone's immutable args start in this call's calldata.
    function _argsOffset() internal pure returns (uint256 offset_) {
        assembly {
            offset_ := sub(calldatasize(), shr(240, calldataload(sub(calldatasize(), 2))))
        }
    }

    /// @notice extraData's start in calldata and its length.
    function _extraDataRange() internal pure returns (uint256 start_, uint256 length_) {
        uint256 argsLength;
        assembly {
            argsLength := sub(shr(240, calldataload(sub(calldatasize(), 2))), 2)
        }
        start_ = _argsOffset() + 84;
        length_ = argsLength - 84;
    }

    /// @notice Each game's extraData rule.
    function _checkExtraData() internal view virtual;
}

/// @notice Output-root claims; extraData = uint256 L2 block number.
contract StandInFaultDisputeGame is StandInDisputeGameBase {
    constructor(GameType _gameType, Duration _maxClockDuration, IStandInAnchorStateRegistry _anchorStateRegistry)
        StandInDisputeGameBase(_gameType, _maxClockDuration, _anchorStateRegistry)
    { }

    function version() external pure returns (string memory) {
        return "stand-in";
    }

    /// @notice The L2 block of the claimed output root.
    function l2BlockNumber() external pure returns (uint256) {
        return l2SequenceNumber();
    }

    function _checkExtraData() internal pure override {
        (, uint256 length) = _extraDataRange();
        if (length != 32) revert BadExtraData();
    }
}

/// @notice Output-root claims, with only `l2SequenceNumber()` (no `l2BlockNumber()`), like Base's game type 621.
contract StandInSequenceDisputeGame is StandInDisputeGameBase {
    constructor(GameType _gameType, Duration _maxClockDuration, IStandInAnchorStateRegistry _anchorStateRegistry)
        StandInDisputeGameBase(_gameType, _maxClockDuration, _anchorStateRegistry)
    { }

    function version() external pure returns (string memory) {
        return "stand-in";
    }

    function _checkExtraData() internal pure override {
        (, uint256 length) = _extraDataRange();
        if (length != 32) revert BadExtraData();
    }
}

/// @notice Super-root claims (see the layout at the top of this file).
contract StandInSuperDisputeGame is StandInDisputeGameBase {
    /// @notice The super root's preimage does not hash to the root claim, or is malformed.
    error InvalidSuperRoot();
    /// @notice The super root holds no output root for this chain.
    error UnknownChainId(uint256 chainId);

    constructor(GameType _gameType, Duration _maxClockDuration, IStandInAnchorStateRegistry _anchorStateRegistry)
        StandInDisputeGameBase(_gameType, _maxClockDuration, _anchorStateRegistry)
    { }

    function version() external pure returns (string memory) {
        return "stand-in";
    }

    /// @notice The output root the super root holds for `_chainId`.
    function rootClaimByChainId(uint256 _chainId) external pure returns (Claim) {
        (uint256 start, uint256 length) = _extraDataRange();
        // preimage = extraData[32:]: 1 version byte, 8 timestamp bytes, then 64-byte entries.
        for (uint256 p = start + 32 + 9; p + 64 <= start + length; p += 64) {
            uint256 chainId;
            bytes32 root;
            assembly {
                chainId := calldataload(p)
                root := calldataload(add(p, 32))
            }
            if (chainId == _chainId) return Claim.wrap(root);
        }
        revert UnknownChainId(_chainId);
    }

    function _checkExtraData() internal pure override {
        (uint256 start, uint256 length) = _extraDataRange();
        if (length < 32 + 9 + 64 || (length - 32 - 9) % 64 != 0) revert BadExtraData();
        bytes calldata preimage = msg.data[start + 32:start + length];
        if (preimage[0] != 0x01) revert InvalidSuperRoot();
        if (uint64(bytes8(preimage[1:9])) != l2SequenceNumber()) revert InvalidSuperRoot();
        if (keccak256(preimage) != rootClaim().raw()) revert InvalidSuperRoot();
    }
}
