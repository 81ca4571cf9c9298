// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title DevnetOddToken
/// @notice Tests only: an L1 "token" a stranger could bridge, whose symbol() and decimals() answer what no
///         one can show, to check that the service records it as not answering (amounts shown raw) and
///         goes on. Each deployment behaves one way, chosen at construction.
contract DevnetOddToken {
    enum Mode {
        /// symbol() is a 10 KB string.
        LongSymbol,
        /// decimals() answers 256, more than a uint8 holds.
        HugeDecimals,
        /// symbol() and decimals() answer bytes that do not decode as their types.
        GarbageAnswers
    }

    Mode public immutable mode;

    constructor(Mode _mode) {
        mode = _mode;
    }

    function symbol() external view returns (string memory) {
        if (mode == Mode.GarbageAnswers) {
            assembly ("memory-safe") {
                // An offset to a string whose length points far past the data.
                mstore(0, 0x20)
                mstore(0x20, shl(200, 1))
                return(0, 0x40)
            }
        }
        if (mode == Mode.LongSymbol) {
            bytes memory long = new bytes(10240);
            for (uint256 i = 0; i < long.length; i++) {
                long[i] = "A";
            }
            return string(long);
        }
        return "ODD";
    }

    function decimals() external view returns (uint256) {
        if (mode == Mode.GarbageAnswers) {
            assembly ("memory-safe") {
                mstore(0, 0x1234)
                return(0, 3)
            }
        }
        return mode == Mode.HugeDecimals ? 256 : 18;
    }
}
