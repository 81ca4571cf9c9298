// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// STAND-IN super root types and hashing for our devnet, written by us from the public interop spec
// (specs/interop/superroot.md; specs/fault-proof/stage-one/optimism-portal.md, "Super Root"). Later contracts-bedrock
// releases carry them as Types.SuperRootProof, Types.OutputRootWithChainId and Encoding/Hashing.hashSuperRootProof;
// the 0.17.3 package we build on has none of them. Same names, fields and rules. Not OP's code.

/// @notice One chain's output root inside a super root.
struct OutputRootWithChainId {
    uint256 chainId;
    bytes32 root;
}

/// @notice A super root's preimage: version, timestamp and the output roots of every chain, sorted by chain id.
struct SuperRootProof {
    bytes1 version;
    uint64 timestamp;
    OutputRootWithChainId[] outputRoots;
}

library StandInSuperRootHashing {
    /// @notice The only super root version there is.
    bytes1 internal constant VERSION = 0x01;

    error Encoding_EmptySuperRoot();
    error Encoding_InvalidSuperRootVersion();

    /// @notice The preimage: version (1 byte) ++ timestamp (8 bytes, big-endian) ++ (chainId ++ root) per chain, the
    ///         encoding StandInSuperDisputeGame checks its extraData against. The order is the caller's: like the
    ///         real library, this does not check that the chain ids are sorted (the game's claim decides).
    function encode(SuperRootProof memory _proof) internal pure returns (bytes memory encoded_) {
        if (_proof.version != VERSION) revert Encoding_InvalidSuperRootVersion();
        if (_proof.outputRoots.length == 0) revert Encoding_EmptySuperRoot();
        encoded_ = abi.encodePacked(_proof.version, _proof.timestamp);
        for (uint256 i = 0; i < _proof.outputRoots.length; i++) {
            encoded_ = bytes.concat(encoded_, bytes32(_proof.outputRoots[i].chainId), _proof.outputRoots[i].root);
        }
    }

    /// @notice The super root: keccak256 of the preimage.
    function hash(SuperRootProof memory _proof) internal pure returns (bytes32) {
        return keccak256(encode(_proof));
    }
}
