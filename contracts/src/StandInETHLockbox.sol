// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN for OP's ETHLockbox (op-contracts v4..v7), written by us for our devnet from the public spec and the ABI
// of the tagged sources. It is not OP's code and has not been audited: never deploy it anywhere that holds value.
//
// Where it deviates (on purpose):
// - Pause: the real lockbox is paused when its SuperchainConfig (2.x) reports a pause for the lockbox's identifier
//   (or the global one), and the portal shares that pause: on a real chain a lockbox pause also pauses the portal,
//   so `finalizeWithdrawalTransaction` stops at OptimismPortal_CallPaused before reaching the lockbox. The 0.17.3
//   SuperchainConfig has only a global pause, so this stand-in adds a lockbox-only pause of its own (`pause()` /
//   `unpause()`, by the SuperchainConfig's guardian) besides the global one. That lets a test reach
//   ETHLockbox_Paused through the portal, which the real pair does not allow.
// - No proxy, no ProxyAdmin: the deployer is the owner who authorizes portals (the real one asks the ProxyAdmin
//   owner, and requires a shared ProxyAdmin owner and SuperchainConfig); no lockbox-to-lockbox migration.
// - Fund it with `lockETH` from an authorized portal, or with `fund()` (stand-in only: a test's way to put ETH in).

import { IStandInPortal, IStandInSuperchainConfig } from "./StandInInterfaces.sol";

contract StandInETHLockbox {
    /// @notice contracts-bedrock Constants.DEFAULT_L2_SENDER (0x…dEaD). Constants.sol itself cannot be imported here:
    ///         it pulls in ResourceMetering, whose imports (solmate, OpenZeppelin 4) are not in our packages.
    address internal constant DEFAULT_L2_SENDER = 0x000000000000000000000000000000000000dEaD;

    address public immutable owner;
    IStandInSuperchainConfig public immutable superchainConfig;

    /// @notice Portals allowed to lock and unlock.
    mapping(IStandInPortal => bool) public authorizedPortals;

    /// @notice The stand-in's own lockbox-only pause (see the deviations above).
    bool public lockboxPaused;

    event ETHLocked(IStandInPortal indexed portal, uint256 amount);
    event ETHUnlocked(IStandInPortal indexed portal, uint256 amount);
    event PortalAuthorized(IStandInPortal indexed portal);

    error ETHLockbox_Paused();
    error ETHLockbox_Unauthorized();
    error ETHLockbox_InsufficientBalance();
    error ETHLockbox_NoWithdrawalTransactions();

    constructor(IStandInSuperchainConfig _superchainConfig) {
        owner = msg.sender;
        superchainConfig = _superchainConfig;
    }

    /// @notice Paused by the system-wide pause or by the lockbox's own.
    function paused() public view returns (bool) {
        return superchainConfig.paused() || lockboxPaused;
    }

    function guardian() public view returns (address) {
        return superchainConfig.guardian();
    }

    function authorizePortal(IStandInPortal _portal) external {
        if (msg.sender != owner) revert ETHLockbox_Unauthorized();
        authorizedPortals[_portal] = true;
        emit PortalAuthorized(_portal);
    }

    /// @notice Stand-in only: the guardian pauses the lockbox alone.
    function pause() external {
        if (msg.sender != guardian()) revert ETHLockbox_Unauthorized();
        lockboxPaused = true;
    }

    /// @notice Stand-in only.
    function unpause() external {
        if (msg.sender != guardian()) revert ETHLockbox_Unauthorized();
        lockboxPaused = false;
    }

    /// @notice Stand-in only: anyone may add ETH (a test's funding; the real lockbox takes ETH from portals).
    function fund() external payable { }

    /// @notice An authorized portal locks a deposit's ETH. Allowed while paused.
    function lockETH() external payable {
        IStandInPortal sender = IStandInPortal(msg.sender);
        if (!authorizedPortals[sender]) revert ETHLockbox_Unauthorized();
        emit ETHLocked(sender, msg.value);
    }

    /// @notice An authorized portal takes `_value` back (with donateETH) to pay a withdrawal. Not while paused, not
    ///         from within a withdrawal's own call.
    function unlockETH(uint256 _value) external {
        if (paused()) revert ETHLockbox_Paused();
        IStandInPortal sender = IStandInPortal(msg.sender);
        if (!authorizedPortals[sender]) revert ETHLockbox_Unauthorized();
        if (_value > address(this).balance) revert ETHLockbox_InsufficientBalance();
        if (sender.l2Sender() != DEFAULT_L2_SENDER) revert ETHLockbox_NoWithdrawalTransactions();
        sender.donateETH{ value: _value }();
        emit ETHUnlocked(sender, _value);
    }
}
