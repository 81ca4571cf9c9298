// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN for OP's OptimismPortal2 5.6.1 (op-contracts v7), written by us for our devnet from the public spec
// (specs/fault-proof/stage-one/optimism-portal.md) and the ABI and rules of the tagged sources, on the real
// contracts-bedrock 0.17.3 libraries (Types, Hashing, SecureMerkleTrie, SafeCall). It is not OP's code and has not
// been audited: never deploy it anywhere that holds value.
//
// The withdrawal side follows 5.x: proofs keyed by submitter, the AnchorStateRegistry decides which games count,
// ETH is paid out of an ETHLockbox. Where it deviates (on purpose):
// - `initialize(superchainConfig, anchorStateRegistry, ethLockbox, l2ChainId)` (5.x: `initialize(systemConfig,
//   anchorStateRegistry)`, the lockbox being set by an earlier upgrade and gated by a SystemConfig feature flag);
//   once, by the deployer; no proxy. The pause is a contracts-bedrock 0.17.3 SuperchainConfig's global `paused()`
//   (5.x asks its SystemConfig). There is no `systemConfig()`; ETH leaves through the lockbox whenever one is set.
//   The L2 chain id, which 5.x asks `SystemConfig.l2ChainId()` for (0.17.3's SystemConfig has none), is stored and
//   answered by `l2ChainId()` (a stand-in getter).
// - Deposits are minimal: `depositTransaction` locks the ETH in the lockbox and emits TransactionDeposited as the
//   real one encodes it, without resource metering, gas-limit floor or calldata-size checks; no custom gas token.
// - Re-proving: as the 5.x sources do (not as the spec's prose says), any submitter may prove again; the new proof
//   replaces that submitter's old one and restarts its maturity clock, and the submitter is listed again.
// - Super roots, per the interop portal (spec "proveWithdrawalTransaction (Super Roots)", "superRootsActive",
//   "migrateToSuperRoots"): `migrateToSuperRoots(lockbox, registry)` sets the lockbox, the registry and
//   `superRootsActive` and emits PortalMigrated, as the spec says (refused while paused and when the registry is the
//   current one); from then on only the super-root overload of `proveWithdrawalTransaction` proves and the
//   output-root one reverts OptimismPortal_WrongProofMethod (before that, the other way round). Deviations: the
//   deployer stands for the ProxyAdmin owner and a stranger gets OptimismPortal_Unauthorized (5.x:
//   ProxyAdminOwnedBase_NotProxyAdminOwner); the new lockbox is not asked whether it authorized this portal (5.x does
//   not either; a lockbox that did not makes finalization revert ETHLockbox_Unauthorized); SuperRootProof and
//   OutputRootWithChainId are ours (StandInSuperRoot.sol; 0.17.3's Types has neither), with the real encoding and
//   its Encoding_InvalidSuperRootVersion / Encoding_EmptySuperRoot reverts. A super-root game's claim is never an
//   output root, so before the migration it is refused as any wrong claim is (OptimismPortal_InvalidOutputRootProof
//   when respected, OptimismPortal_InvalidDisputeGame when not). There is no ZK proving path.

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
import { SuperRootProof, OutputRootWithChainId, StandInSuperRootHashing } from "./StandInSuperRoot.sol";

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

    /// @notice The chain whose withdrawals this portal proves (5.x asks its SystemConfig).
    uint256 public l2ChainId;

    /// @notice Whether withdrawals are proven against super roots (set by migrateToSuperRoots) or output roots.
    bool public superRootsActive;

    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);
    event WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to);
    event WithdrawalProvenExtension1(bytes32 indexed withdrawalHash, address indexed proofSubmitter);
    event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success);
    event PortalMigrated(
        IStandInETHLockbox oldLockbox,
        IStandInETHLockbox newLockbox,
        IStandInAnchorStateRegistry oldAnchorStateRegistry,
        IStandInAnchorStateRegistry newAnchorStateRegistry
    );

    error OptimismPortal_AlreadyFinalized();
    error OptimismPortal_BadTarget();
    error OptimismPortal_CallPaused();
    error OptimismPortal_GasEstimation();
    error OptimismPortal_ImproperDisputeGame();
    error OptimismPortal_InvalidDisputeGame();
    error OptimismPortal_InvalidMerkleProof();
    error OptimismPortal_InvalidOutputRootChainId();
    error OptimismPortal_InvalidOutputRootIndex();
    error OptimismPortal_InvalidOutputRootProof();
    error OptimismPortal_InvalidProofTimestamp();
    error OptimismPortal_InvalidRootClaim();
    error OptimismPortal_InvalidSuperRootProof();
    error OptimismPortal_MigratingToSameRegistry();
    error OptimismPortal_NoReentrancy();
    error OptimismPortal_ProofNotOldEnough();
    error OptimismPortal_Unproven();
    error OptimismPortal_Unauthorized();
    error OptimismPortal_WrongProofMethod();

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
        IStandInETHLockbox _ethLockbox,
        uint256 _l2ChainId
    )
        external
    {
        if (msg.sender != DEPLOYER || l2Sender != address(0)) revert OptimismPortal_Unauthorized();
        superchainConfig = _superchainConfig;
        anchorStateRegistry = _anchorStateRegistry;
        ethLockbox = _ethLockbox;
        l2ChainId = _l2ChainId;
        l2Sender = DEFAULT_L2_SENDER;
    }

    /// @notice By the deployer (5.x: the ProxyAdmin owner): moves to a new lockbox and registry and proves against
    ///         super roots from now on. A chain keeping its lockbox passes the current one. Proofs made against the
    ///         old registry's games stop finalizing: the new registry does not know those games.
    function migrateToSuperRoots(
        IStandInETHLockbox _newLockbox,
        IStandInAnchorStateRegistry _newAnchorStateRegistry
    )
        external
    {
        // A new lockbox could lift a pause (5.x's pause is per lockbox), so never while paused.
        _assertNotPaused();
        if (msg.sender != DEPLOYER) revert OptimismPortal_Unauthorized();
        // Super-root games need a registry of their own; the same one again is a mistake.
        if (_newAnchorStateRegistry == anchorStateRegistry) revert OptimismPortal_MigratingToSameRegistry();

        IStandInETHLockbox oldLockbox = ethLockbox;
        IStandInAnchorStateRegistry oldAnchorStateRegistry = anchorStateRegistry;
        ethLockbox = _newLockbox;
        anchorStateRegistry = _newAnchorStateRegistry;
        // Not required to be false before: a chain may migrate again (single-chain super roots, then interop).
        superRootsActive = true;

        emit PortalMigrated(oldLockbox, _newLockbox, oldAnchorStateRegistry, _newAnchorStateRegistry);
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
    ///         Only while the portal proves against output roots.
    function proveWithdrawalTransaction(
        Types.WithdrawalTransaction memory _tx,
        uint256 _disputeGameIndex,
        Types.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _withdrawalProof
    )
        external
    {
        _assertNotPaused();
        if (superRootsActive) revert OptimismPortal_WrongProofMethod();

        (,, address gameAddress) = disputeGameFactory().gameAtIndex(_disputeGameIndex);
        IStandInDisputeGame game = IStandInDisputeGame(gameAddress);
        _assertProvableAgainst(_tx, game);
        if (game.rootClaim().raw() != Hashing.hashOutputRootProof(_outputRootProof)) {
            revert OptimismPortal_InvalidOutputRootProof();
        }

        _proveInMessagePasser(_tx, game, _outputRootProof.messagePasserStorageRoot, _withdrawalProof);
    }

    /// @notice Proves a withdrawal against a super-root game: `_superRootProof` is the preimage of the game's claim,
    ///         its output root number `_outputRootIndex` is this chain's and `_outputRootProof` that root's preimage.
    ///         Only while the portal proves against super roots.
    function proveWithdrawalTransaction(
        Types.WithdrawalTransaction memory _tx,
        IStandInDisputeGame _disputeGameProxy,
        uint256 _outputRootIndex,
        SuperRootProof calldata _superRootProof,
        Types.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _withdrawalProof
    )
        external
    {
        _assertNotPaused();
        if (!superRootsActive) revert OptimismPortal_WrongProofMethod();

        _assertProvableAgainst(_tx, _disputeGameProxy);
        if (_disputeGameProxy.rootClaim().raw() != StandInSuperRootHashing.hash(_superRootProof)) {
            revert OptimismPortal_InvalidSuperRootProof();
        }
        if (_outputRootIndex >= _superRootProof.outputRoots.length) revert OptimismPortal_InvalidOutputRootIndex();
        OutputRootWithChainId calldata outputRoot = _superRootProof.outputRoots[_outputRootIndex];
        if (outputRoot.chainId != l2ChainId) revert OptimismPortal_InvalidOutputRootChainId();
        if (outputRoot.root != Hashing.hashOutputRootProof(_outputRootProof)) {
            revert OptimismPortal_InvalidOutputRootProof();
        }

        _proveInMessagePasser(_tx, _disputeGameProxy, _outputRootProof.messagePasserStorageRoot, _withdrawalProof);
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

    /// @notice What both proof methods ask of the target and the game.
    function _assertProvableAgainst(Types.WithdrawalTransaction memory _tx, IStandInDisputeGame _game) internal view {
        if (_isUnsafeTarget(_tx.target)) revert OptimismPortal_BadTarget();
        if (!anchorStateRegistry.isGameProper(_game)) revert OptimismPortal_ImproperDisputeGame();
        if (!anchorStateRegistry.isGameRespected(_game)) revert OptimismPortal_InvalidDisputeGame();
        if (_game.status() == GameStatus.CHALLENGER_WINS) revert OptimismPortal_InvalidDisputeGame();
        // Not in the game's own second: such a proof could never be finalized.
        if (block.timestamp <= _game.createdAt().raw()) revert OptimismPortal_InvalidProofTimestamp();
    }

    /// @notice Checks the withdrawal is in the L2ToL1MessagePasser's storage under `_messagePasserStorageRoot`, then
    ///         records the caller's proof against `_game`.
    function _proveInMessagePasser(
        Types.WithdrawalTransaction memory _tx,
        IStandInDisputeGame _game,
        bytes32 _messagePasserStorageRoot,
        bytes[] calldata _withdrawalProof
    )
        internal
    {
        bytes32 withdrawalHash = Hashing.hashWithdrawal(_tx);
        // The L2ToL1MessagePasser's `sentMessages` mapping is its slot 0.
        bytes32 storageKey = keccak256(abi.encode(withdrawalHash, uint256(0)));
        if (
            !SecureMerkleTrie.verifyInclusionProof(
                abi.encode(storageKey), hex"01", _withdrawalProof, _messagePasserStorageRoot
            )
        ) {
            revert OptimismPortal_InvalidMerkleProof();
        }

        provenWithdrawals[withdrawalHash][msg.sender] =
            ProvenWithdrawal({ disputeGameProxy: _game, timestamp: uint64(block.timestamp) });
        proofSubmitters[withdrawalHash].push(msg.sender);

        emit WithdrawalProven(withdrawalHash, _tx.sender, _tx.target);
        emit WithdrawalProvenExtension1(withdrawalHash, msg.sender);
    }

    function _assertNotPaused() internal view {
        if (paused()) revert OptimismPortal_CallPaused();
    }

    /// @notice The portal itself and its lockbox are never a withdrawal's target.
    function _isUnsafeTarget(address _target) internal view returns (bool) {
        return _target == address(this) || _target == address(ethLockbox);
    }
}
