// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN for OP's OptimismPortal2 5.6.1 (op-contracts v7), written by us for our devnet from the public spec
// (specs/fault-proof/stage-one/optimism-portal.md) and the ABI and rules of the tagged sources, on the real
// contracts-bedrock 0.17.3 libraries (Types, Hashing, SecureMerkleTrie, SafeCall). It is not OP's code and has not
// been audited: never deploy it anywhere that holds value.
//
// The withdrawal side follows 5.x: proofs keyed by submitter, the AnchorStateRegistry decides which games count,
// ETH is paid out of an ETHLockbox. Where it deviates (on purpose):
// - `initialize(superchainConfig, anchorStateRegistry, ethLockbox)` (5.x: `initialize(systemConfig,
//   anchorStateRegistry)`, the lockbox being set by an earlier upgrade and gated by a SystemConfig feature flag);
//   once, by the deployer; no proxy. The pause is a contracts-bedrock 0.17.3 SuperchainConfig's global `paused()`
//   (5.x asks its SystemConfig). There is no `systemConfig()`; ETH leaves through the lockbox whenever one is set.
// - Deposits are minimal: `depositTransaction` locks the ETH in the lockbox and emits TransactionDeposited as the
//   real one encodes it, without resource metering, gas-limit floor or calldata-size checks; no custom gas token.
// - Re-proving: as the 5.x sources do (not as the spec's prose says), any submitter may prove again; the new proof
//   replaces that submitter's old one and restarts its maturity clock, and the submitter is listed again.
// - Super-root games: 5.x proves against `rootClaim()` only, so a super-root game (whose root claim is a super root,
//   never an output root) is refused with OptimismPortal_InvalidOutputRootProof when it is respected, and with
//   OptimismPortal_InvalidDisputeGame when it is not. There is no super-root or ZK proving path here.

import { Types } from "@eth-optimism/contracts-bedrock/src/libraries/Types.sol";
import { Hashing } from "@eth-optimism/contracts-bedrock/src/libraries/Hashing.sol";
import { SecureMerkleTrie } from "@eth-optimism/contracts-bedrock/src/libraries/trie/SecureMerkleTrie.sol";
import { SafeCall } from "@eth-optimism/contracts-bedrock/src/libraries/SafeCall.sol";
import { GameType, GameStatus } from "@eth-optimism/contracts-bedrock/src/dispute/lib/Types.sol";
import {
    IStandInDisputeGame,
    IStandInDisputeGameFactory,
    IStandInAnchorStateRegistry,
    IStandInETHLockbox,
    IStandInSuperchainConfig
} from "./StandInInterfaces.sol";

contract StandInOptimismPortal2 {
    /// @notice A proof: the game it was made against and when.
    struct ProvenWithdrawal {
        IStandInDisputeGame disputeGameProxy;
        uint64 timestamp;
    }

    /// @notice contracts-bedrock Constants.DEFAULT_L2_SENDER and Constants.ESTIMATION_ADDRESS. Constants.sol itself
    ///         cannot be imported here: it pulls in ResourceMetering, whose imports (solmate, OpenZeppelin 4) are
    ///         not in our packages.
    address internal constant DEFAULT_L2_SENDER = 0x000000000000000000000000000000000000dEaD;
    address internal constant ESTIMATION_ADDRESS = address(1);

    uint256 internal constant DEPOSIT_VERSION = 0;
    uint64 internal constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;

    uint256 internal immutable PROOF_MATURITY_DELAY_SECONDS;
    address internal immutable DEPLOYER;

    /// @notice The L2 sender of the withdrawal being executed; DEFAULT_L2_SENDER outside of one.
    address public l2Sender;

    mapping(bytes32 => bool) public finalizedWithdrawals;

    /// @notice Proofs, by withdrawal hash and proof submitter.
    mapping(bytes32 => mapping(address => ProvenWithdrawal)) public provenWithdrawals;

    /// @notice Everyone who proved a withdrawal, in order (a re-prove lists its submitter again).
    mapping(bytes32 => address[]) public proofSubmitters;

    IStandInSuperchainConfig public superchainConfig;
    IStandInAnchorStateRegistry public anchorStateRegistry;
    IStandInETHLockbox public ethLockbox;

    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);
    event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to);
    event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter);
    event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success);

    error OptimismPortal_AlreadyFinalized();
    error OptimismPortal_BadTarget();
    error OptimismPortal_CallPaused();
    error OptimismPortal_GasEstimation();
    error OptimismPortal_ImproperDisputeGame();
    error OptimismPortal_InvalidDisputeGame();
    error OptimismPortal_InvalidMerkleProof();
    error OptimismPortal_InvalidOutputRootProof();
    error OptimismPortal_InvalidProofTimestamp();
    error OptimismPortal_InvalidRootClaim();
    error OptimismPortal_NoReentrancy();
    error OptimismPortal_ProofNotOldEnough();
    error OptimismPortal_Unproven();
    error OptimismPortal_Unauthorized();

    /// @notice The version of OP's contract this stands in for.
    function version() public pure returns (string memory) {
        return "5.6.1";
    }

    constructor(uint256 _proofMaturityDelaySeconds) {
        PROOF_MATURITY_DELAY_SECONDS = _proofMaturityDelaySeconds;
        DEPLOYER = msg.sender;
    }

    /// @notice Once, by the deployer.
    function initialize(
        IStandInSuperchainConfig _superchainConfig,
        IStandInAnchorStateRegistry _anchorStateRegistry,
        IStandInETHLockbox _ethLockbox
    )
        external
    {
        if (msg.sender != DEPLOYER || l2Sender != address(0)) revert OptimismPortal_Unauthorized();
        superchainConfig = _superchainConfig;
        anchorStateRegistry = _anchorStateRegistry;
        ethLockbox = _ethLockbox;
        l2Sender = DEFAULT_L2_SENDER;
    }

    function paused() public view returns (bool) {
        return superchainConfig.paused();
    }

    function guardian() external view returns (address) {
        return superchainConfig.guardian();
    }

    function proofMaturityDelaySeconds() public view returns (uint256) {
        return PROOF_MATURITY_DELAY_SECONDS;
    }

    function disputeGameFactory() public view returns (IStandInDisputeGameFactory) {
        return anchorStateRegistry.disputeGameFactory();
    }

    /// @custom:legacy The registry's.
    function disputeGameFinalityDelaySeconds() external view returns (uint256) {
        return anchorStateRegistry.disputeGameFinalityDelaySeconds();
    }

    /// @custom:legacy The registry's.
    function respectedGameType() external view returns (GameType) {
        return anchorStateRegistry.respectedGameType();
    }

    /// @custom:legacy Now the registry's RETIREMENT timestamp, not when the respected type last changed.
    function respectedGameTypeUpdatedAt() external view returns (uint64) {
        return anchorStateRegistry.retirementTimestamp();
    }

    /// @custom:legacy The registry's.
    function disputeGameBlacklist(IStandInDisputeGame _disputeGame) external view returns (bool) {
        return anchorStateRegistry.disputeGameBlacklist(_disputeGame);
    }

    function numProofSubmitters(bytes32 _withdrawalHash) external view returns (uint256) {
        return proofSubmitters[_withdrawalHash].length;
    }

    function minimumGasLimit(uint64 _byteCount) public pure returns (uint64) {
        return _byteCount * 40 + 21000;
    }

    receive() external payable {
        depositTransaction(msg.sender, msg.value, RECEIVE_DEFAULT_GAS_LIMIT, false, bytes(""));
    }

    /// @notice ETH in without a deposit (the lockbox pays withdrawals through this).
    function donateETH() external payable { }

    /// @notice Minimal deposit: the ETH goes to the lockbox, the event is the real one's.
    function depositTransaction(
        address _to,
        uint256 _value,
        uint64 _gasLimit,
        bool _isCreation,
        bytes memory _data
    )
        public
        payable
    {
        if (_isCreation && _to != address(0)) revert OptimismPortal_BadTarget();
        if (address(ethLockbox) != address(0) && msg.value > 0) ethLockbox.lockETH{ value: msg.value }();
        address from = msg.sender;
        if (msg.sender != tx.origin) {
            // AddressAliasHelper.applyL1ToL2Alias
            unchecked {
                from = address(uint160(msg.sender) + uint160(0x1111000000000000000000000000000000001111));
            }
        }
        bytes memory opaqueData = abi.encodePacked(msg.value, _value, _gasLimit, _isCreation, _data);
        emit TransactionDeposited(from, _to, DEPOSIT_VERSION, opaqueData);
    }

    /// @notice Proves a withdrawal against the output root of game `_disputeGameIndex` of the registry's factory.
    function proveWithdrawalTransaction(
        Types.WithdrawalTransaction memory _tx,
        uint256 _disputeGameIndex,
        Types.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _withdrawalProof
    )
        external
    {
        _assertNotPaused();

        (,, address gameAddress) = disputeGameFactory().gameAtIndex(_disputeGameIndex);
        IStandInDisputeGame game = IStandInDisputeGame(gameAddress);

        if (_isUnsafeTarget(_tx.target)) revert OptimismPortal_BadTarget();
        if (!anchorStateRegistry.isGameProper(game)) revert OptimismPortal_ImproperDisputeGame();
        if (!anchorStateRegistry.isGameRespected(game)) revert OptimismPortal_InvalidDisputeGame();
        if (game.status() == GameStatus.CHALLENGER_WINS) revert OptimismPortal_InvalidDisputeGame();
        // Not in the game's own second: such a proof could never be finalized.
        if (block.timestamp <= game.createdAt().raw()) revert OptimismPortal_InvalidProofTimestamp();
        if (game.rootClaim().raw() != Hashing.hashOutputRootProof(_outputRootProof)) {
            revert OptimismPortal_InvalidOutputRootProof();
        }

        bytes32 withdrawalHash = Hashing.hashWithdrawal(_tx);
        // The L2ToL1MessagePasser's `sentMessages` mapping is its slot 0.
        bytes32 storageKey = keccak256(abi.encode(withdrawalHash, uint256(0)));
        if (
            !SecureMerkleTrie.verifyInclusionProof(
                abi.encode(storageKey), hex"01", _withdrawalProof, _outputRootProof.messagePasserStorageRoot
            )
        ) {
            revert OptimismPortal_InvalidMerkleProof();
        }

        provenWithdrawals[withdrawalHash][msg.sender] =
            ProvenWithdrawal({ disputeGameProxy: game, timestamp: uint64(block.timestamp) });
        proofSubmitters[withdrawalHash].push(msg.sender);

        emit WithdrawalProven(withdrawalHash, _tx.sender, _tx.target);
        emit WithdrawalProvenExtension1(withdrawalHash, msg.sender);
    }

    /// @notice Finalizes with the caller's own proof.
    function finalizeWithdrawalTransaction(Types.WithdrawalTransaction memory _tx) external {
        finalizeWithdrawalTransactionExternalProof(_tx, msg.sender);
    }

    /// @notice Finalizes with `_proofSubmitter`'s proof.
    function finalizeWithdrawalTransactionExternalProof(
        Types.WithdrawalTransaction memory _tx,
        address _proofSubmitter
    )
        public
    {
        _assertNotPaused();
        if (l2Sender != DEFAULT_L2_SENDER) revert OptimismPortal_NoReentrancy();
        if (_isUnsafeTarget(_tx.target)) revert OptimismPortal_BadTarget();

        bytes32 withdrawalHash = Hashing.hashWithdrawal(_tx);
        checkWithdrawal(withdrawalHash, _proofSubmitter);

        finalizedWithdrawals[withdrawalHash] = true;

        if (address(ethLockbox) != address(0) && _tx.value > 0) ethLockbox.unlockETH(_tx.value);

        l2Sender = _tx.sender;
        bool success = SafeCall.callWithMinGas(_tx.target, _tx.gasLimit, _tx.value, _tx.data);
        l2Sender = DEFAULT_L2_SENDER;

        emit WithdrawalFinalized(withdrawalHash, success);

        // A failed call's ETH goes back to the lockbox rather than staying here.
        if (address(ethLockbox) != address(0) && !success && _tx.value > 0) {
            ethLockbox.lockETH{ value: _tx.value }();
        }

        if (!success && tx.origin == ESTIMATION_ADDRESS) revert OptimismPortal_GasEstimation();
    }

    /// @notice Reverts with the reason `_proofSubmitter`'s proof of the withdrawal cannot be finalized now; returns
    ///         when it can.
    function checkWithdrawal(bytes32 _withdrawalHash, address _proofSubmitter) public view {
        ProvenWithdrawal memory proven = provenWithdrawals[_withdrawalHash][_proofSubmitter];
        IStandInDisputeGame game = proven.disputeGameProxy;

        if (finalizedWithdrawals[_withdrawalHash]) revert OptimismPortal_AlreadyFinalized();
        if (proven.timestamp == 0) revert OptimismPortal_Unproven();
        if (proven.timestamp <= game.createdAt().raw()) revert OptimismPortal_InvalidProofTimestamp();
        if (block.timestamp - proven.timestamp <= PROOF_MATURITY_DELAY_SECONDS) {
            revert OptimismPortal_ProofNotOldEnough();
        }
        if (!anchorStateRegistry.isGameClaimValid(game)) revert OptimismPortal_InvalidRootClaim();
    }

    function _assertNotPaused() internal view {
        if (paused()) revert OptimismPortal_CallPaused();
    }

    /// @notice The portal itself and its lockbox are never a withdrawal's target.
    function _isUnsafeTarget(address _target) internal view returns (bool) {
        return _target == address(this) || _target == address(ethLockbox);
    }
}
