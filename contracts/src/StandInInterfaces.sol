// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN interfaces, written for our devnet from the public specs and the tagged op-contracts sources
// (IDisputeGame, IDisputeGameFactory, IAnchorStateRegistry, IETHLockbox of op-contracts v4..v7). They declare only
// what our stand-ins call on each other and on the real contracts-bedrock 0.17.3 contracts. Not OP's code.

import { GameType, Claim, Hash, Timestamp, GameStatus } from "@eth-optimism/contracts-bedrock/src/dispute/lib/Types.sol";

/// @notice The dispute game interface as op-contracts v4+ games answer it (IDisputeGame plus the calls the
///         AnchorStateRegistry 3.x makes: wasRespectedGameTypeWhenCreated, l2SequenceNumber, anchorStateRegistry).
interface IStandInDisputeGame {
    function initialize() external payable;
    function createdAt() external view returns (Timestamp);
    function resolvedAt() external view returns (Timestamp);
    function status() external view returns (GameStatus);
    function gameType() external view returns (GameType);
    function gameCreator() external pure returns (address);
    function rootClaim() external pure returns (Claim);
    function l1Head() external pure returns (Hash);
    function extraData() external pure returns (bytes memory);
    function gameData() external view returns (GameType, Claim, bytes memory);
    function l2SequenceNumber() external pure returns (uint256);
    function wasRespectedGameTypeWhenCreated() external view returns (bool);
    function anchorStateRegistry() external view returns (address);
    function resolve() external returns (GameStatus);
}

/// @notice The calls we make on the real contracts-bedrock 0.17.3 DisputeGameFactory (same ABI as later versions).
interface IStandInDisputeGameFactory {
    function games(GameType _gameType, Claim _rootClaim, bytes calldata _extraData)
        external
        view
        returns (address proxy_, Timestamp timestamp_);
    function gameAtIndex(uint256 _index) external view returns (GameType gameType_, Timestamp timestamp_, address proxy_);
}

/// @notice The calls we make on the real contracts-bedrock 0.17.3 SuperchainConfig: the system-wide pause and its guardian.
interface IStandInSuperchainConfig {
    function paused() external view returns (bool);
    function guardian() external view returns (address);
}

/// @notice What the portal and the games ask the AnchorStateRegistry.
interface IStandInAnchorStateRegistry {
    function respectedGameType() external view returns (GameType);
    function retirementTimestamp() external view returns (uint64);
    function disputeGameFactory() external view returns (IStandInDisputeGameFactory);
    function disputeGameFinalityDelaySeconds() external view returns (uint256);
    function disputeGameBlacklist(IStandInDisputeGame _game) external view returns (bool);
    function isGameProper(IStandInDisputeGame _game) external view returns (bool);
    function isGameRespected(IStandInDisputeGame _game) external view returns (bool);
    function isGameClaimValid(IStandInDisputeGame _game) external view returns (bool);
}

/// @notice What the ETHLockbox asks the portal that calls it.
interface IStandInPortal {
    function l2Sender() external view returns (address);
    function donateETH() external payable;
}

/// @notice What the portal asks its ETHLockbox.
interface IStandInETHLockbox {
    function lockETH() external payable;
    function unlockETH(uint256 _value) external;
}
