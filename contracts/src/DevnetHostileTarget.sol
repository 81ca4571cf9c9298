// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title DevnetHostileTarget
/// @notice Tests only: an L1 target a stranger could write and send a withdrawal to, to show that
///         one such withdrawal cannot stop the service or hurt the other withdrawals of a batch.
///         Each deployment behaves one way, chosen at construction.
contract DevnetHostileTarget {
    enum Mode {
        /// Always reverts with Error(string) data whose length points far past the data.
        MalformedRevert,
        /// Succeeds, emitting events with our batcher's and the portal's signatures about `victim`,
        /// one with an outcome value the batcher's enum does not have.
        ForgeEvents,
        /// Passes with its gas limit; given more (as a batch's portal call would), burns all of it.
        BurnGasWhenGivenMore,
        /// Passes every simulation; in a transaction sent by `operator` (our key), burns all its gas.
        BurnGasInOperatorsTransaction,
        /// Passes every simulation; in a transaction sent by `operator`, reverts.
        RevertInOperatorsTransaction,
        /// Always reverts with the portal's own `CallPaused()` error, as if the portal were paused.
        RevertLikeAPausedPortal
    }

    event ProveItemResult(bytes32 indexed withdrawalHash, uint8 outcome, bytes reason);
    event FinalizeItemResult(bytes32 indexed withdrawalHash, address indexed proofSubmitter, uint8 outcome, bytes reason);
    event WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success);

    Mode public immutable mode;
    /// The gas limit of the withdrawal that will call it.
    uint256 public immutable gasLimit;
    /// Whose transactions it recognises: the service's key.
    address public immutable operator;
    /// Whose events it forges: our batcher.
    address public immutable batcher;
    /// The withdrawal its forged events name.
    bytes32 public victim;

    constructor(Mode _mode, uint256 _gasLimit, address _operator, address _batcher) {
        mode = _mode;
        gasLimit = _gasLimit;
        operator = _operator;
        batcher = _batcher;
    }

    function setVictim(bytes32 _victim) external {
        victim = _victim;
    }

    fallback() external payable {
        _act();
    }

    receive() external payable {
        _act();
    }

    function _act() private {
        if (mode == Mode.MalformedRevert) {
            assembly ("memory-safe") {
                mstore(0, shl(224, 0x08c379a0))
                mstore(4, 0x20)
                mstore(36, 1000000)
                revert(0, 68)
            }
        } else if (mode == Mode.ForgeEvents) {
            emit FinalizeItemResult(victim, batcher, 7, hex"08c379a0");
            emit FinalizeItemResult(victim, batcher, 2, "");
            emit WithdrawalFinalized(victim, false);
            emit ProveItemResult(victim, 200, "");
        } else if (mode == Mode.BurnGasWhenGivenMore) {
            if (gasleft() > gasLimit) _burn();
        } else if (mode == Mode.BurnGasInOperatorsTransaction) {
            if (tx.origin == operator) _burn();
        } else if (mode == Mode.RevertInOperatorsTransaction) {
            if (tx.origin == operator) revert("caught you");
        } else if (mode == Mode.RevertLikeAPausedPortal) {
            assembly ("memory-safe") {
                mstore(0, shl(224, 0xf480973e))
                revert(0, 4)
            }
        }
    }

    function _burn() private pure {
        assembly ("memory-safe") {
            invalid()
        }
    }
}
