package io.opwb.chain;

import java.math.BigInteger;
import java.util.HexFormat;

import org.web3j.abi.TypeEncoder;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.OptimismPortal2;

/**
 * The output root of one L2 block: keccak256(abi.encode(version 0, stateRoot,
 * messagePasserStorageRoot, blockHash)) — what a dispute game claims as its root.
 */
public record OutputRoot(BigInteger l2BlockNumber, byte[] stateRoot, byte[] messagePasserStorageRoot,
        byte[] blockHash) {

    private static final byte[] VERSION_0 = new byte[32];

    /** The struct the portal takes as {@code _outputRootProof}. */
    public OptimismPortal2.OutputRootProof toProofStruct() {
        return new OptimismPortal2.OutputRootProof(VERSION_0, stateRoot, messagePasserStorageRoot, blockHash);
    }

    public byte[] root() {
        return Hash.sha3(Numeric.hexStringToByteArray(TypeEncoder.encode(toProofStruct())));
    }

    public String rootHex() {
        return "0x" + HexFormat.of().formatHex(root());
    }
}
