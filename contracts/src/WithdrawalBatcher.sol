// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// The parts of OptimismPortal2 (3.10.0) this contract calls.
interface IOptimismPortal2 {
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

    function proveWithdrawalTransaction(
        WithdrawalTransaction memory _tx,
        uint256 _disputeGameIndex,
        OutputRootProof calldata _outputRootProof,
        bytes[] calldata _withdrawalProof
    ) external;

    function finalizeWithdrawalTransaction(WithdrawalTransaction memory _tx) external;

    function finalizeWithdrawalTransactionExternalProof(WithdrawalTransaction memory _tx, address _proofSubmitter)
        external;

    function provenWithdrawals(bytes32 _withdrawalHash, address _submitter)
        external
        view
        returns (address disputeGameProxy, uint64 timestamp);

    function finalizedWithdrawals(bytes32 _withdrawalHash) external view returns (bool);

    function disputeGameBlacklist(address _game) external view returns (bool);

    function respectedGameTypeUpdatedAt() external view returns (uint64);
}

/// The parts of a dispute game this contract reads.
/// The super-root proof method of OP's interop portal (OptimismPortalInterop, op-contracts v8), used
/// when the portal's `superRootsActive()`: the withdrawal is proven against the output root at
/// `_outputRootIndex` inside the super root the game claims.
interface IOptimismPortalSuperRoots {
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
        IOptimismPortal2.WithdrawalTransaction memory _tx,
        address _disputeGameProxy,
        uint256 _outputRootIndex,
        SuperRootProof memory _superRootProof,
        IOptimismPortal2.OutputRootProof memory _outputRootProof,
        bytes[] memory _withdrawalProof
    ) external;
}

interface IDisputeGameView {
    function status() external view returns (uint8);

    function createdAt() external view returns (uint64);
}

/// The AnchorStateRegistry views (3.x, beside OptimismPortal2 4.x and later) this contract reads.
interface IAnchorStateRegistryView {
    function isGameProper(address _game) external view returns (bool);

    function isGameRespected(address _game) external view returns (bool);
}

/// @title WithdrawalBatcher
/// @notice Proves and finalizes many OP Stack withdrawals in one L1 transaction each. Proofs are
///         submitted by this contract, so the portal records it as their proof submitter.
/// @dev One failing item never reverts a batch: a portal call's revert is caught. An item that was
///      not done reports its outcome in an item event; a done item has none, since the portal's own
///      event in the same transaction (WithdrawalProven, WithdrawalFinalized) already says so.
///      Two ways to send work: operators (trusted hot keys) call proveBatch / finalizeBatch; or a
///      manifest signer (a cold key, or a contract wallet) signs an EIP-712 manifest committing to a
///      Merkle root of withdrawals, and submitters (hot keys that only pay gas) execute any subsets
///      of it, each leaf at most once. A submitter can do nothing a signer did not authorise.
contract WithdrawalBatcher is Ownable2Step, EIP712 {
    /// Outcome of one item of a batch.
    enum Outcome {
        Done, // proven, or finalized (no item event: the portal's own event records it)
        AlreadyDone, // proven by us against a still-valid game, or already finalized: skipped
        Failed, // the portal reverted; the reason is in the event
        OutOfGas // not attempted: too little gas left in this transaction
    }

    /// A withdrawal to prove; its proof is rebuilt from the batch's shared node list.
    /// @param nodeIndexes the proof's nodes, root first, as big-endian uint16 indexes into `nodes`
    struct ProveItem {
        IOptimismPortal2.WithdrawalTransaction tx;
        bytes nodeIndexes;
    }

    /// A withdrawal to finalize with the proof of `proofSubmitter` (this contract, or another
    /// submitter whose proof has matured).
    struct FinalizeItem {
        IOptimismPortal2.WithdrawalTransaction tx;
        address proofSubmitter;
    }

    /// Where a prove call's ABI encoding sits in memory. The part every item of a batch shares (selector,
    /// game, output root proof, super root proof) is written once at `start`; each item's withdrawal
    /// is written at `txAt`, its proof right after it, and the proof's offset into the word at
    /// `proofOffsetAt`.
    struct ProveCall {
        uint256 start;
        uint256 txAt;
        uint256 proofOffsetAt;
    }

    /// What a manifest authorises.
    enum Action {
        Prove,
        Finalize
    }

    /// A signed authorisation: the withdrawals under `root` (an OpenZeppelin StandardMerkleTree
    /// with leaf encoding (uint256 leafIndex, bytes32 withdrawalHash, address proofSubmitter)),
    /// for `action` on `portal` (proofs against game `disputeGameIndex`; 0 to finalize), until
    /// `deadline` (unix seconds). The chain id is in the EIP-712 domain, with this contract.
    struct Manifest {
        address portal;
        uint8 action;
        uint256 disputeGameIndex;
        bytes32 root;
        uint256 id;
        uint64 deadline;
    }

    /// A manifest with who signed it.
    struct SignedManifest {
        Manifest manifest;
        address signer;
        bytes signature;
    }

    /// An OpenZeppelin multiproof of a chunk's leaves, which come in the proof's leaf order.
    struct MultiProof {
        bytes32[] proof;
        bool[] flags;
    }

    /// A manifest leaf to prove: its proof submitter is this contract.
    struct ManifestProveItem {
        uint256 leafIndex;
        IOptimismPortal2.WithdrawalTransaction tx;
        bytes nodeIndexes;
    }

    /// A manifest leaf to finalize with the proof of `proofSubmitter`.
    struct ManifestFinalizeItem {
        uint256 leafIndex;
        IOptimismPortal2.WithdrawalTransaction tx;
        address proofSubmitter;
    }

    bytes32 public constant MANIFEST_TYPEHASH = keccak256(
        "Manifest(address portal,uint8 action,uint256 disputeGameIndex,bytes32 root,uint256 id,uint64 deadline)"
    );

    /// GameStatus.CHALLENGER_WINS in the dispute game types.
    uint8 internal constant CHALLENGER_WINS = 1;
    /// Gas a prove needs besides its proof nodes (three new storage slots, the game reads, events).
    uint256 public constant PROVE_BASE_GAS = 150_000;
    /// Gas per proof node (hashing, copying, trie walking), with margin.
    uint256 public constant PROVE_GAS_PER_NODE = 30_000;
    /// Gas the portal implementation spends before and around the target call of a finalize (its
    /// checks, storage writes, event), with margin.
    uint256 public constant FINALIZE_OVERHEAD_GAS = 100_000;
    /// SafeCall.callWithMinGas keeps this much beside the target's gas limit.
    uint256 internal constant SAFE_CALL_RESERVE = 40_000;
    /// The portal proxy's own work around its delegatecall.
    uint256 internal constant PROXY_OVERHEAD_GAS = 10_000;

    IOptimismPortal2 public immutable portal;
    /// True when `portal` is the legacy OptimismPortal, which proves against an L2OutputOracle: its
    /// prove and finalize calls have the same ABI as OptimismPortal2's, but it keeps one proof per
    /// withdrawal (no submitter), finalizes with any proof, and refuses a re-prove by itself.
    bool public immutable outputOraclePortal;
    mapping(address => bool) public isOperator;
    mapping(address => bool) public isSubmitter;
    mapping(address => bool) public isManifestSigner;
    /// Executed leaves of each manifest (by digest), as a bitmap over leaf indexes.
    mapping(bytes32 => mapping(uint256 => uint256)) private _executedLeaves;

    event OperatorSet(address indexed operator, bool allowed);
    event SubmitterSet(address indexed submitter, bool allowed);
    event ManifestSignerSet(address indexed signer, bool allowed);
    /// One chunk of a manifest executed: its items' outcomes are in the same transaction's item events (and
    /// the portal's events, for the items done).
    event ManifestExecuted(
        bytes32 indexed digest, bytes32 indexed root, uint256 id, uint256 items, uint256 done, uint256 skipped, uint256 failed
    );
    /// An item not proven (AlreadyDone, Failed, OutOfGas). A proven item has no event of ours: the
    /// portal's WithdrawalProven for it in the same transaction is the record (it costs the portal's
    /// event nothing more, and saves ours about 2,100 gas a withdrawal).
    event ProveItemResult(bytes32 indexed withdrawalHash, Outcome outcome, bytes reason);
    /// An item not finalized (AlreadyDone, Failed, OutOfGas); a finalized one has the portal's
    /// WithdrawalFinalized in the same transaction instead.
    event FinalizeItemResult(bytes32 indexed withdrawalHash, address indexed proofSubmitter, Outcome outcome, bytes reason);
    event BatchProven(uint256 indexed disputeGameIndex, uint256 items, uint256 proven, uint256 skipped, uint256 failed);
    event BatchFinalized(uint256 items, uint256 finalized, uint256 skipped, uint256 failed);
    /// A batch proven against a super-root game (the portal's super-root proof method).
    event SuperRootBatchProven(
        address indexed game, uint256 outputRootIndex, uint256 items, uint256 proven, uint256 skipped, uint256 failed
    );

    error NotOperator(address caller);
    error NotSubmitter(address caller);
    error NotManifestSigner(address signer);
    error BadManifestSignature();
    error ManifestExpired(uint64 deadline);
    error WrongPortal(address portal);
    error WrongAction(uint8 action);
    /// The chunk's leaves are not all under the manifest's root (a tampered item, or a wrong proof).
    error NotInManifest();
    /// Reported as the reason of an item whose leaf this manifest has executed before: skipped.
    error LeafAlreadyExecuted(uint256 leafIndex);
    /// Reported as the reason of a failed item whose node indexes point past the node list.
    error BadNodeIndex(uint256 item);
    /// Reported when an item's withdrawal tuple is not canonically ABI-encoded.
    error NonCanonicalWithdrawal();

    modifier onlyOperator() {
        if (!isOperator[msg.sender]) revert NotOperator(msg.sender);
        _;
    }

    modifier onlySubmitter() {
        if (!isSubmitter[msg.sender]) revert NotSubmitter(msg.sender);
        _;
    }

    constructor(IOptimismPortal2 _portal, address _owner) Ownable(_owner) EIP712("WithdrawalBatcher", "1") {
        portal = _portal;
        outputOraclePortal = _isOutputOraclePortal(address(_portal));
    }

    /// Asked of the portal, never configured: a wrong answer would turn off the re-prove guard.
    /// The legacy portal names its L2OutputOracle and has no dispute game factory.
    function _isOutputOraclePortal(address _portal) private view returns (bool) {
        (bool hasOracle, bytes memory oracle) = _portal.staticcall(abi.encodeWithSignature("l2Oracle()"));
        (bool hasFactory,) = _portal.staticcall(abi.encodeWithSignature("disputeGameFactory()"));
        return hasOracle && !hasFactory && oracle.length == 32 && abi.decode(oracle, (address)) != address(0);
    }

    function setOperator(address _operator, bool _allowed) external onlyOwner {
        isOperator[_operator] = _allowed;
        emit OperatorSet(_operator, _allowed);
    }

    function setSubmitter(address _submitter, bool _allowed) external onlyOwner {
        isSubmitter[_submitter] = _allowed;
        emit SubmitterSet(_submitter, _allowed);
    }

    function setManifestSigner(address _signer, bool _allowed) external onlyOwner {
        isManifestSigner[_signer] = _allowed;
        emit ManifestSignerSet(_signer, _allowed);
    }

    // ---- manifests ---------------------------------------------------------------------------------

    /// The EIP-712 digest a manifest signer signs; also the manifest's identity here.
    function manifestDigest(Manifest calldata _m) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(MANIFEST_TYPEHASH, _m.portal, _m.action, _m.disputeGameIndex, _m.root, _m.id, _m.deadline))
        );
    }

    /// The StandardMerkleTree leaf of (leafIndex, withdrawalHash, proofSubmitter).
    function manifestLeaf(uint256 _leafIndex, bytes32 _withdrawalHash, address _proofSubmitter)
        public
        pure
        returns (bytes32)
    {
        return keccak256(bytes.concat(keccak256(abi.encode(_leafIndex, _withdrawalHash, _proofSubmitter))));
    }

    function leafExecuted(bytes32 _digest, uint256 _leafIndex) public view returns (bool) {
        return _executedLeaves[_digest][_leafIndex >> 8] & (1 << (_leafIndex & 0xff)) != 0;
    }

    /// @notice Proves the chunk `_items` of a signed prove manifest against its game. Each leaf is
    ///         proven at most once; a leaf whose proof failed, or did not fit, may be sent again.
    function proveManifest(
        SignedManifest calldata _signed,
        IOptimismPortal2.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _nodes,
        ManifestProveItem[] calldata _items,
        MultiProof calldata _multiProof
    ) external onlySubmitter {
        bytes32 digest = _checkManifest(_signed, Action.Prove);
        bytes32[] memory leaves = new bytes32[](_items.length);
        for (uint256 i = 0; i < _items.length; i++) {
            leaves[i] = manifestLeaf(_items[i].leafIndex, hashWithdrawal(_items[i].tx), address(this));
        }
        _checkLeaves(_signed.manifest.root, _multiProof, leaves);
        uint256[3] memory counts; // done, skipped, failed
        ProveCall memory proveCall = _outputRootProveCall(_signed.manifest.disputeGameIndex, _outputRootProof);
        uint256 freeMemory = _freeMemoryPointer();
        for (uint256 i = 0; i < _items.length; i++) {
            ManifestProveItem calldata item = _items[i];
            Outcome outcome;
            if (leafExecuted(digest, item.leafIndex)) {
                outcome = _replayed(hashWithdrawal(item.tx), item.leafIndex, address(0), true);
            } else {
                outcome = _proveItem(i, proveCall, _nodes, item.tx, item.nodeIndexes);
                if (outcome == Outcome.Done) _markExecuted(digest, item.leafIndex);
            }
            _count(counts, outcome);
            _resetFreeMemoryPointer(freeMemory);
        }
        emit ManifestExecuted(digest, _signed.manifest.root, _signed.manifest.id, _items.length, counts[0], counts[1], counts[2]);
    }

    /// @notice Finalizes the chunk `_items` of a signed finalize manifest; each leaf at most once.
    function finalizeManifest(
        SignedManifest calldata _signed,
        ManifestFinalizeItem[] calldata _items,
        MultiProof calldata _multiProof
    ) external onlySubmitter {
        bytes32 digest = _checkManifest(_signed, Action.Finalize);
        bytes32[] memory leaves = new bytes32[](_items.length);
        for (uint256 i = 0; i < _items.length; i++) {
            leaves[i] = manifestLeaf(_items[i].leafIndex, hashWithdrawal(_items[i].tx), _items[i].proofSubmitter);
        }
        _checkLeaves(_signed.manifest.root, _multiProof, leaves);
        uint256[3] memory counts;
        uint256 freeMemory = _freeMemoryPointer();
        for (uint256 i = 0; i < _items.length; i++) {
            ManifestFinalizeItem calldata item = _items[i];
            Outcome outcome;
            if (leafExecuted(digest, item.leafIndex)) {
                outcome = _replayed(hashWithdrawal(item.tx), item.leafIndex, item.proofSubmitter, false);
            } else {
                outcome = _finalizeItem(item.tx, item.proofSubmitter);
                if (outcome == Outcome.Done) _markExecuted(digest, item.leafIndex);
            }
            _count(counts, outcome);
            _resetFreeMemoryPointer(freeMemory);
        }
        emit ManifestExecuted(digest, _signed.manifest.root, _signed.manifest.id, _items.length, counts[0], counts[1], counts[2]);
    }

    function _checkManifest(SignedManifest calldata _signed, Action _action) internal view returns (bytes32 digest) {
        Manifest calldata m = _signed.manifest;
        if (m.portal != address(portal)) revert WrongPortal(m.portal);
        if (m.action != uint8(_action)) revert WrongAction(m.action);
        if (block.timestamp > m.deadline) revert ManifestExpired(m.deadline);
        if (!isManifestSigner[_signed.signer]) revert NotManifestSigner(_signed.signer);
        digest = manifestDigest(m);
        // ECDSA for a key, ERC-1271 for a contract signer.
        if (!SignatureChecker.isValidSignatureNow(_signed.signer, digest, _signed.signature)) {
            revert BadManifestSignature();
        }
    }

    function _checkLeaves(bytes32 _root, MultiProof calldata _multiProof, bytes32[] memory _leaves) internal pure {
        if (!MerkleProof.multiProofVerifyCalldata(_multiProof.proof, _multiProof.flags, _root, _leaves)) {
            revert NotInManifest();
        }
    }

    function _markExecuted(bytes32 _digest, uint256 _leafIndex) private {
        _executedLeaves[_digest][_leafIndex >> 8] |= 1 << (_leafIndex & 0xff);
    }

    function _replayed(bytes32 _withdrawalHash, uint256 _leafIndex, address _proofSubmitter, bool _prove)
        private
        returns (Outcome)
    {
        bytes memory reason = abi.encodeWithSelector(LeafAlreadyExecuted.selector, _leafIndex);
        if (_prove) emit ProveItemResult(_withdrawalHash, Outcome.AlreadyDone, reason);
        else emit FinalizeItemResult(_withdrawalHash, _proofSubmitter, Outcome.AlreadyDone, reason);
        return Outcome.AlreadyDone;
    }

    function _count(uint256[3] memory _counts, Outcome _outcome) private pure {
        if (_outcome == Outcome.Done) _counts[0]++;
        else if (_outcome == Outcome.Failed) _counts[2]++;
        else _counts[1]++;
    }

    // ---- operator batches --------------------------------------------------------------------------

    /// @notice Proves every item against dispute game `_disputeGameIndex`, whose root claim is the
    ///         output root given by `_outputRootProof`. Storage proofs taken at one block share their
    ///         upper trie nodes: `_nodes` carries each distinct node once.
    function proveBatch(
        uint256 _disputeGameIndex,
        IOptimismPortal2.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _nodes,
        ProveItem[] calldata _items
    ) external onlyOperator {
        (uint256 proven, uint256 skipped, uint256 failed) =
            _proveAll(_outputRootProveCall(_disputeGameIndex, _outputRootProof), _nodes, _items);
        emit BatchProven(_disputeGameIndex, _items.length, proven, skipped, failed);
    }

    /// @notice Proves every item against the super-root game `_game`, on a portal that proves against
    ///         super roots: the game's claim is the super root `_superRootProof`, whose output root at
    ///         `_outputRootIndex` (our chain's) is given by `_outputRootProof`.
    function proveBatchAgainstSuperRoot(
        address _game,
        uint256 _outputRootIndex,
        IOptimismPortalSuperRoots.SuperRootProof calldata _superRootProof,
        IOptimismPortal2.OutputRootProof calldata _outputRootProof,
        bytes[] calldata _nodes,
        ProveItem[] calldata _items
    ) external onlyOperator {
        (uint256 proven, uint256 skipped, uint256 failed) = _proveAll(
            _superRootProveCall(_game, _outputRootIndex, _superRootProof, _outputRootProof), _nodes, _items
        );
        emit SuperRootBatchProven(_game, _outputRootIndex, _items.length, proven, skipped, failed);
    }

    function _proveAll(ProveCall memory _call, bytes[] calldata _nodes, ProveItem[] calldata _items)
        private
        returns (uint256 proven, uint256 skipped, uint256 failed)
    {
        uint256 freeMemory = _freeMemoryPointer();
        for (uint256 i; i < _items.length;) {
            Outcome outcome = _proveItemAt(i, _call, _nodes, _items);
            unchecked {
                if (outcome == Outcome.Done) ++proven;
                else if (outcome == Outcome.Failed) ++failed;
                else ++skipped;
                ++i;
            }
            // Nothing an item allocated is used afterwards: reuse its memory rather than grow it
            // (memory costs grow quadratically with its size).
            _resetFreeMemoryPointer(freeMemory);
        }
    }

    /// Proves item `_i`, its withdrawal and node indexes read without the ABI decoder's checks on every
    /// access (see _finalizeItemAt); node indexes that would run past the calldata revert the batch, as
    /// the decoder would.
    function _proveItemAt(uint256 _i, ProveCall memory _call, bytes[] calldata _nodes, ProveItem[] calldata _items)
        private
        returns (Outcome)
    {
        IOptimismPortal2.WithdrawalTransaction calldata withdrawal;
        bytes calldata nodeIndexes;
        assembly ("memory-safe") {
            let item := add(_items.offset, calldataload(add(_items.offset, shl(5, _i))))
            withdrawal := add(item, calldataload(item))
            let indexes := add(item, calldataload(add(item, 0x20)))
            nodeIndexes.length := calldataload(indexes)
            nodeIndexes.offset := add(indexes, 0x20)
            if gt(add(nodeIndexes.offset, nodeIndexes.length), calldatasize()) { revert(0, 0) }
        }
        return _proveItem(_i, _call, _nodes, withdrawal, nodeIndexes);
    }

    /// Bounded by the calldata's size: no overflow.
    function _proveGasNeeded(uint256 _indexBytes) private pure returns (uint256) {
        unchecked {
            return PROVE_BASE_GAS + (_indexBytes / 2) * PROVE_GAS_PER_NODE;
        }
    }

    function _proveItem(
        uint256 _i,
        ProveCall memory _call,
        bytes[] calldata _nodes,
        IOptimismPortal2.WithdrawalTransaction calldata _tx,
        bytes calldata _nodeIndexes
    ) internal returns (Outcome outcome) {
        bytes32 withdrawalHash = _hashWithdrawal(_tx);
        bytes memory reason;
        // The portal's prove neither checks finalization nor refuses a re-prove: the service never
        // sends a finalized withdrawal, and a re-prove of ours is refused here, on chain, because
        // it would overwrite our proof and restart its maturity clock.
        if (_provenByUsAgainstValidGame(withdrawalHash)) {
            outcome = Outcome.AlreadyDone;
        } else if (gasleft() < _proveGasNeeded(_nodeIndexes.length)) {
            outcome = Outcome.OutOfGas;
        } else if (!_canonical(_tx)) {
            outcome = Outcome.Failed;
            reason = abi.encodeWithSelector(NonCanonicalWithdrawal.selector);
        } else {
            (bool ok, bool wellFormed, bytes memory r) = _callProve(_call, _tx, _nodes, _nodeIndexes);
            if (ok) {
                outcome = Outcome.Done;
            } else {
                outcome = Outcome.Failed;
                reason = wellFormed ? r : abi.encodeWithSelector(BadNodeIndex.selector, _i);
            }
        }
        if (outcome != Outcome.Done) emit ProveItemResult(withdrawalHash, outcome, reason);
    }

    /// @notice Finalizes every item with its proof submitter's proof.
    function finalizeBatch(FinalizeItem[] calldata _items) external onlyOperator {
        uint256 finalized;
        uint256 skipped;
        uint256 failed;
        uint256 freeMemory = _freeMemoryPointer();
        uint256 count = _items.length;
        for (uint256 i; i < count;) {
            (IOptimismPortal2.WithdrawalTransaction calldata withdrawal, address submitter) = _finalizeItemAt(_items, i);
            Outcome outcome = _finalizeItem(withdrawal, submitter);
            unchecked {
                if (outcome == Outcome.Done) ++finalized;
                else if (outcome == Outcome.Failed) ++failed;
                else ++skipped;
                ++i;
            }
            _resetFreeMemoryPointer(freeMemory);
        }
        emit BatchFinalized(count, finalized, skipped, failed);
    }

    /// Item `_i`'s withdrawal and proof submitter, read without the ABI decoder's checks on every
    /// access (they cost more than the item's own work): the offsets are our operator's, and one that
    /// points astray reads zeros or someone else's bytes, which make a non-canonical withdrawal
    /// (Failed) or one the portal refuses. A submitter with dirty upper bits reverts, as the decoder would.
    function _finalizeItemAt(FinalizeItem[] calldata _items, uint256 _i)
        private
        pure
        returns (IOptimismPortal2.WithdrawalTransaction calldata withdrawal, address submitter)
    {
        assembly ("memory-safe") {
            let item := add(_items.offset, calldataload(add(_items.offset, shl(5, _i))))
            withdrawal := add(item, calldataload(item))
            let word := calldataload(add(item, 0x20))
            if shr(160, word) { revert(0, 0) }
            submitter := word
        }
    }

    function _finalizeItem(IOptimismPortal2.WithdrawalTransaction calldata _tx, address _proofSubmitter)
        internal
        returns (Outcome outcome)
    {
        bytes memory reason;
        (bool canonical, uint256 dataLength) = _canonicalData(_tx);
        if (!canonical) {
            // The call is written straight from calldata; the tuple must be canonical so that the
            // portal decodes the withdrawal we hash.
            outcome = Outcome.Failed;
            reason = abi.encodeWithSelector(NonCanonicalWithdrawal.selector);
        } else {
            uint256 gasLimit;
            assembly ("memory-safe") {
                gasLimit := calldataload(add(_tx, 0x80))
            }
            (uint256 needed, uint256 forwarded) = _finalizeGas(gasLimit, dataLength);
            if (gasleft() < needed) {
                outcome = Outcome.OutOfGas;
            } else {
                bool ok;
                (ok, reason) = _finalize(_tx, _proofSubmitter, forwarded, dataLength);
                // Done: the portal's WithdrawalFinalized is the record, and the hash is not needed.
                if (ok) return Outcome.Done;
                outcome = Outcome.Failed;
            }
        }
        bytes32 withdrawalHash = _hashWithdrawal(_tx);
        // The portal refuses a finalized withdrawal; only then is it worth asking which it is.
        if (outcome == Outcome.Failed && portal.finalizedWithdrawals(withdrawalHash)) {
            outcome = Outcome.AlreadyDone;
            reason = "";
        }
        emit FinalizeItemResult(withdrawalHash, _proofSubmitter, outcome, reason);
    }

    /// Our own proofs go through finalizeWithdrawalTransaction (we are msg.sender), others'
    /// through the external-proof variant; on the legacy portal every proof is the withdrawal's
    /// one proof. A revert is caught and returned.
    /// The withdrawal is canonically encoded with data of `_dataLength` bytes (the caller checked).
    function _finalize(
        IOptimismPortal2.WithdrawalTransaction calldata _tx,
        address _proofSubmitter,
        uint256 _forwarded,
        uint256 _dataLength
    ) internal returns (bool ok, bytes memory reason) {
        bool own = outputOraclePortal || _proofSubmitter == address(this);
        // Only the gas this withdrawal can legitimately need (`_forwarded`): the portal forwards nearly
        // all it has to the target, and a target that burns what it is given must not take the later
        // items' gas.
        uint256 forwarded = _forwarded;
        bytes4 selector = own
            ? IOptimismPortal2.finalizeWithdrawalTransaction.selector
            : IOptimismPortal2.finalizeWithdrawalTransactionExternalProof.selector;
        address target = address(portal);
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let args := add(ptr, 4)
            let head := 0x20
            mstore(ptr, selector)
            if iszero(own) {
                head := 0x40
                mstore(add(args, 0x20), _proofSubmitter)
            }
            mstore(args, head)
            let txSize := add(0xe0, and(add(_dataLength, 31), not(31)))
            let tuple := add(args, head)
            mstore(add(tuple, sub(txSize, 0x20)), 0) // zero the tuple's last (padding) word
            calldatacopy(tuple, _tx, add(0xe0, _dataLength))
            let end := add(tuple, txSize)
            ok := call(forwarded, target, 0, ptr, sub(end, ptr), 0, 0)
            if iszero(ok) {
                reason := end
                mstore(reason, returndatasize())
                returndatacopy(add(reason, 0x20), 0, returndatasize())
                mstore(0x40, add(add(reason, 0x20), and(add(returndatasize(), 31), not(31))))
            }
        }
    }

    /// Canonical (see _canonical), with data that lies within the calldata; and the data's length.
    function _canonicalData(IOptimismPortal2.WithdrawalTransaction calldata _tx)
        private
        pure
        returns (bool canonical, uint256 dataLength)
    {
        assembly ("memory-safe") {
            dataLength := calldataload(add(_tx, 0xc0))
            canonical := and(eq(calldataload(add(_tx, 0xa0)), 0xc0), iszero(gt(add(add(_tx, 0xe0), dataLength), calldatasize())))
        }
    }

    /// The withdrawal's data follows right after its six head words, as a canonical encoder puts it.
    function _canonical(IOptimismPortal2.WithdrawalTransaction calldata _tx) private pure returns (bool canonical) {
        assembly ("memory-safe") {
            canonical := eq(calldataload(add(_tx, 0xa0)), 0xc0)
        }
    }

    /// Gas that must be left before finalizing a withdrawal with this gas limit and data. The portal
    /// reverts unless the target can get its gas limit (SafeCall: gasLimit * 64/63 + 40,000), and each
    /// call on the way forwards only 63/64 of what is left: ours to the portal proxy, and the proxy's
    /// delegatecall to the implementation. Between this check and our call we copy the data once more.
    function finalizeGasNeeded(uint256 _gasLimit, uint256 _dataLength) public pure returns (uint256) {
        return (finalizeGasForwarded(_gasLimit, _dataLength) * 64) / 63 + finalizeDataGas(_dataLength);
    }

    /// Gas given to the portal proxy for a finalize: enough for the portal's checks, its work on the
    /// data and for the target to get its gas limit, and no more; the target cannot get more than its
    /// gas limit plus what the portal left unspent of its overhead and reserve.
    function finalizeGasForwarded(uint256 _gasLimit, uint256 _dataLength) public pure returns (uint256) {
        uint256 implementation =
            (_gasLimit * 64) / 63 + SAFE_CALL_RESERVE + FINALIZE_OVERHEAD_GAS + finalizeDataGas(_dataLength);
        return (implementation * 64) / 63 + PROXY_OVERHEAD_GAS;
    }

    /// What the proxy and the portal (or we, in our frame) spend on a withdrawal's data besides their
    /// fixed overhead: copies (3 gas a word each), hashes (6 a word) and memory (3 a word and
    /// words^2 / 512), bounded from above as if three copies shared one frame. Zero without data.
    function finalizeDataGas(uint256 _dataLength) public pure returns (uint256) {
        uint256 words = (_dataLength + 31) / 32;
        uint256 memoryWords = 3 * words;
        return 21 * words + 3 * memoryWords + (memoryWords * memoryWords) / 512;
    }

    /// finalizeGasNeeded and finalizeGasForwarded at once, without overflow checks: both are bounded
    /// by the limits below (an item beyond them needs more gas than any transaction has: OutOfGas).
    function _finalizeGas(uint256 _gasLimit, uint256 _dataLength) private pure returns (uint256 needed, uint256 forwarded) {
        if (_gasLimit > type(uint64).max || _dataLength > type(uint32).max) return (type(uint256).max, 0);
        unchecked {
            uint256 words = (_dataLength + 31) / 32;
            uint256 memoryWords = 3 * words;
            uint256 dataGas = 21 * words + 3 * memoryWords + (memoryWords * memoryWords) / 512;
            uint256 implementation = (_gasLimit * 64) / 63 + SAFE_CALL_RESERVE + FINALIZE_OVERHEAD_GAS + dataGas;
            forwarded = (implementation * 64) / 63 + PROXY_OVERHEAD_GAS;
            needed = (forwarded * 64) / 63 + dataGas;
        }
    }

    /// hashWithdrawal for a canonically encoded tuple: its calldata bytes are its ABI encoding, so they
    /// are hashed as they are (the last word's padding zeroed), with no re-encoding.
    function _hashWithdrawal(IOptimismPortal2.WithdrawalTransaction calldata _tx) private pure returns (bytes32 hash) {
        bool cleanAddresses;
        assembly ("memory-safe") {
            cleanAddresses := iszero(or(shr(160, calldataload(add(_tx, 0x20))), shr(160, calldataload(add(_tx, 0x40)))))
        }
        (bool canonical, uint256 dataLength) = _canonicalData(_tx);
        if (!cleanAddresses || !canonical) return hashWithdrawal(_tx);
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            let size := add(0xe0, and(add(dataLength, 31), not(31)))
            mstore(add(ptr, sub(size, 0x20)), 0)
            calldatacopy(ptr, _tx, add(0xe0, dataLength))
            hash := keccak256(ptr, size)
        }
    }

    /// keccak256(abi.encode(nonce, sender, target, value, gasLimit, data)), as the portal hashes.
    function hashWithdrawal(IOptimismPortal2.WithdrawalTransaction calldata _tx) public pure returns (bytes32) {
        return keccak256(abi.encode(_tx.nonce, _tx.sender, _tx.target, _tx.value, _tx.gasLimit, _tx.data));
    }

    /// True when this contract holds a proof for the withdrawal against a game that can still
    /// finalize it, by the rules of the portal's generation (asked of the portal, only on a
    /// re-prove): on 4.x and later the AnchorStateRegistry's — the game is proper (not blacklisted,
    /// not retired, the system not paused) and was respected when created, so a later change of the
    /// respected type leaves the proof valid; on 3.x the portal's own — not blacklisted, not created
    /// before the respected type last changed. Either way not lost by its proposer. The legacy
    /// portal has no such proofs: it refuses a re-prove itself while the output stands.
    function _provenByUsAgainstValidGame(bytes32 _withdrawalHash) internal view returns (bool) {
        if (outputOraclePortal) return false;
        (address game, uint64 timestamp) = _ourProof(_withdrawalHash);
        if (timestamp == 0) return false;
        IDisputeGameView g = IDisputeGameView(game);
        if (g.status() == CHALLENGER_WINS) return false;
        address registry = _anchorStateRegistry();
        if (registry != address(0)) {
            IAnchorStateRegistryView asr = IAnchorStateRegistryView(registry);
            return asr.isGameProper(game) && asr.isGameRespected(game);
        }
        if (portal.disputeGameBlacklist(game)) return false;
        if (g.createdAt() < portal.respectedGameTypeUpdatedAt()) return false;
        return true;
    }

    /// The portal's provenWithdrawals(hash, this), read with a plain staticcall: the high-level call's
    /// encoding and checks cost more than the read itself. A portal that refuses, or answers what no
    /// portal would, reverts the batch, as the high-level call did.
    function _ourProof(bytes32 _withdrawalHash) private view returns (address game, uint64 provenAt) {
        address target = address(portal);
        bytes4 selector = IOptimismPortal2.provenWithdrawals.selector;
        assembly ("memory-safe") {
            let ptr := mload(0x40) // scratch: nothing is kept there
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), _withdrawalHash)
            mstore(add(ptr, 0x24), address())
            if iszero(staticcall(gas(), target, ptr, 0x44, ptr, 0x40)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            if lt(returndatasize(), 0x40) { revert(0, 0) }
            game := mload(ptr)
            provenAt := mload(add(ptr, 0x20))
            if or(shr(160, game), shr(64, provenAt)) { revert(0, 0) }
        }
    }

    /// The portal's AnchorStateRegistry (OptimismPortal2 4.x and later); zero for 3.x, which has none.
    function _anchorStateRegistry() private view returns (address) {
        (bool ok, bytes memory answer) = address(portal).staticcall(abi.encodeWithSignature("anchorStateRegistry()"));
        return ok && answer.length == 32 ? abi.decode(answer, (address)) : address(0);
    }

    function _freeMemoryPointer() internal pure returns (uint256 pointer) {
        assembly ("memory-safe") {
            pointer := mload(0x40)
        }
    }

    function _resetFreeMemoryPointer(uint256 _pointer) private pure {
        assembly ("memory-safe") {
            mstore(0x40, _pointer)
        }
    }

    /// The shared part of an output-root prove call, proveWithdrawalTransaction(tx, gameIndex,
    /// outputRootProof, proof): selector and head, the withdrawal right after the head.
    function _outputRootProveCall(uint256 _disputeGameIndex, IOptimismPortal2.OutputRootProof calldata _outputRootProof)
        private
        pure
        returns (ProveCall memory proveCall)
    {
        // proveCall was allocated on entry, before the call's bytes: items overwrite only what follows
        bytes4 selector = IOptimismPortal2.proveWithdrawalTransaction.selector;
        uint256 start;
        assembly ("memory-safe") {
            start := mload(0x40)
            let args := add(start, 4)
            mstore(start, selector)
            mstore(args, 0xe0) // the withdrawal follows the seven head words
            mstore(add(args, 0x20), _disputeGameIndex)
            calldatacopy(add(args, 0x40), _outputRootProof, 0x80)
            mstore(0x40, add(args, 0xe0))
        }
        proveCall.start = start;
        proveCall.txAt = start + 4 + 0xe0;
        proveCall.proofOffsetAt = start + 4 + 0xc0;
    }

    /// The shared part of a super-root prove call, proveWithdrawalTransaction(tx, game, outputRootIndex,
    /// superRootProof, outputRootProof, proof): selector, head and the super root proof; the
    /// withdrawal goes after the super root proof (ABI tails may come in any order).
    function _superRootProveCall(
        address _game,
        uint256 _outputRootIndex,
        IOptimismPortalSuperRoots.SuperRootProof calldata _superRootProof,
        IOptimismPortal2.OutputRootProof calldata _outputRootProof
    ) private pure returns (ProveCall memory proveCall) {
        // proveCall was allocated on entry, before the call's bytes: items overwrite only what follows
        bytes memory encoded = abi.encode(_superRootProof); // one offset word, then the tuple's encoding
        bytes4 selector = IOptimismPortalSuperRoots.proveWithdrawalTransaction.selector;
        uint256 start;
        uint256 txAt;
        assembly ("memory-safe") {
            let superRootLength := sub(mload(encoded), 0x20)
            start := mload(0x40)
            let args := add(start, 4)
            mstore(start, selector)
            mstore(args, add(0x120, superRootLength)) // the withdrawal, after the super root proof
            mstore(add(args, 0x20), _game)
            mstore(add(args, 0x40), _outputRootIndex)
            mstore(add(args, 0x60), 0x120) // the super root proof follows the nine head words
            calldatacopy(add(args, 0x80), _outputRootProof, 0x80)
            mcopy(add(args, 0x120), add(encoded, 0x40), superRootLength)
            txAt := add(add(args, 0x120), superRootLength)
            mstore(0x40, txAt)
        }
        proveCall.start = start;
        proveCall.txAt = txAt;
        proveCall.proofOffsetAt = start + 4 + 0x100;
    }

    /// Calls the portal's prove with the shared part of the call written before, this item's
    /// withdrawal and its proof assembled from the shared nodes: written straight from calldata into
    /// memory, once. The withdrawal tuple is copied as it came (the caller has checked it is
    /// canonically encoded, so that the portal decodes the withdrawal we hashed), each node by its index.
    /// @return ok the portal accepted the proof
    /// @return wellFormed false when a node index points past the nodes
    /// @return reason the portal's revert data when it refused
    function _callProve(
        ProveCall memory _call,
        IOptimismPortal2.WithdrawalTransaction calldata _tx,
        bytes[] calldata _nodes,
        bytes calldata _indexes
    ) internal returns (bool ok, bool wellFormed, bytes memory reason) {
        uint256 start = _call.start;
        uint256 txAt = _call.txAt;
        uint256 proofOffsetAt = _call.proofOffsetAt;
        uint256 proof;
        assembly ("memory-safe") {
            let dataLength := calldataload(add(_tx, 0xc0))
            let txSize := add(0xe0, and(add(dataLength, 31), not(31)))
            mstore(add(txAt, sub(txSize, 0x20)), 0) // zero the tuple's last (padding) word
            calldatacopy(txAt, _tx, add(0xe0, dataLength))
            proof := add(txAt, txSize)
            mstore(proofOffsetAt, sub(proof, add(start, 4)))
        }
        uint256 end;
        (end, wellFormed) = _writeProof(proof, _nodes, _indexes);
        if (!wellFormed) return (false, false, reason);
        address target = address(portal);
        assembly ("memory-safe") {
            ok := call(gas(), target, 0, start, sub(end, start), 0, 0)
            if iszero(ok) {
                reason := end
                mstore(reason, returndatasize())
                returndatacopy(add(reason, 0x20), 0, returndatasize())
                mstore(0x40, add(add(reason, 0x20), and(add(returndatasize(), 31), not(31))))
            }
        }
    }

    /// The bytes[] proof at `_at`, its nodes taken by index; returns its end, and false when an
    /// index points past the nodes.
    function _writeProof(uint256 _at, bytes[] calldata _nodes, bytes calldata _indexes)
        private
        pure
        returns (uint256 end, bool valid)
    {
        valid = true;
        assembly ("memory-safe") {
            let count := shr(1, _indexes.length)
            mstore(_at, count)
            let offsets := add(_at, 0x20)
            end := add(offsets, shl(5, count))
            for { let j := 0 } lt(j, count) { j := add(j, 1) } {
                let index := shr(240, calldataload(add(_indexes.offset, shl(1, j))))
                if iszero(lt(index, _nodes.length)) {
                    valid := 0
                    break
                }
                let node := add(_nodes.offset, calldataload(add(_nodes.offset, shl(5, index))))
                let length := calldataload(node)
                let padded := and(add(length, 31), not(31))
                mstore(add(offsets, shl(5, j)), sub(end, offsets))
                mstore(end, length)
                mstore(add(end, padded), 0) // zero the node's last (padding) word
                calldatacopy(add(end, 0x20), add(node, 0x20), length)
                end := add(end, add(0x20, padded))
            }
        }
    }
}
