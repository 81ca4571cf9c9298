// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// The views the service asks of the OP contracts of op-contracts v4 and later (OptimismPortal2 4.x-5.x, the
// AnchorStateRegistry 3.x, dispute games of every kind), declared from their public specs
// (specs/fault-proof/stage-one/optimism-portal.md, anchor-state-registry.md, dispute-game-interface.md) for web3j
// wrappers: ABI only, no code. Not every game answers every view: which one does is found out by asking.

/// @notice What a dispute game may answer beside the 0.17.3 interface. Single-chain fault games answer
///         l2BlockNumber; every v4+ game answers l2SequenceNumber (a block number, or on super-root games a
///         timestamp); super-root games answer rootClaimByChainId.
interface OpDisputeGameViews {
    function l2BlockNumber() external view returns (uint256);
    function l2SequenceNumber() external view returns (uint256);
    function rootClaimByChainId(uint256 _chainId) external view returns (bytes32);
    function wasRespectedGameTypeWhenCreated() external view returns (bool);
}

/// @notice The AnchorStateRegistry 3.x: the authority on which games a withdrawal may be proven against and
///         finalized with.
interface OpAnchorStateRegistryViews {
    function respectedGameType() external view returns (uint32);
    function retirementTimestamp() external view returns (uint64);
    function disputeGameFinalityDelaySeconds() external view returns (uint256);
    function paused() external view returns (bool);
    function isGameRegistered(address _game) external view returns (bool);
    function isGameBlacklisted(address _game) external view returns (bool);
    function isGameRetired(address _game) external view returns (bool);
    function isGameProper(address _game) external view returns (bool);
    function isGameRespected(address _game) external view returns (bool);
    function isGameResolved(address _game) external view returns (bool);
    function isGameFinalized(address _game) external view returns (bool);
    function isGameClaimValid(address _game) external view returns (bool);
    function version() external view returns (string memory);
}

/// @notice What OptimismPortal2 4.x-5.x answers beyond 3.10.0.
interface OpPortalViews {
    function anchorStateRegistry() external view returns (address);
    /// @dev The interop portal's: true once migrateToSuperRoots ran, from then on withdrawals are proven against
    ///      super-root games only.
    function superRootsActive() external view returns (bool);
    function ethLockbox() external view returns (address);
    /// @dev A view that returns nothing and reverts with the reason a withdrawal cannot be finalized yet. Declared
    ///      without `view` here only so that web3j generates a method for it (it skips views without outputs);
    ///      the selector is the same, and it is only ever eth_call'ed.
    function checkWithdrawal(bytes32 _withdrawalHash, address _proofSubmitter) external;
    function version() external view returns (string memory);
}

/// @notice The ETHLockbox 1.x (op-contracts v4 and later), through which a portal pays ETH out: paused with the
///         system, or on its own.
interface OpETHLockboxViews {
    function paused() external view returns (bool);
}

/// @notice The interop portal's super-root proof method (spec "proveWithdrawalTransaction (Super Roots)"): the game's
///         claim is a super root, `_superRootProof` its preimage, output root number `_outputRootIndex` in it this
///         chain's. The service only encodes it, to simulate what our batcher's proveBatchAgainstSuperRoot calls.
interface OpSuperRootPortal {
    struct WithdrawalTransaction {
        uint256 nonce;
        address sender;
        address target;
        uint256 value;
        uint256 gasLimit;
        bytes data;
    }

    struct OutputRootProof {
        bytes32 version;
        bytes32 stateRoot;
        bytes32 messagePasserStorageRoot;
        bytes32 latestBlockhash;
    }

    struct OutputRootWithChainId {
        uint256 chainId;
        bytes32 root;
    }

    struct SuperRootProof {
        bytes1 version;
        uint64 timestamp;
        OutputRootWithChainId[] outputRoots;
    }

    function proveWithdrawalTransaction(
        WithdrawalTransaction memory _tx,
        address _disputeGameProxy,
        uint256 _outputRootIndex,
        SuperRootProof memory _superRootProof,
        OutputRootProof memory _outputRootProof,
        bytes[] memory _withdrawalProof
    ) external;
}
