package io.opwb.chain;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Where CREATE2 puts a contract (EIP-1014): {@code keccak256(0xff ++ deployer ++ salt ++
 * keccak256(initCode))[12:]}. The address depends only on the deployer, the salt and the creation
 * code with its constructor arguments, so it is known before anything is sent, on every chain.
 */
public final class Create2 {

    /**
     * The deterministic-deployment proxy (Arachnid's): called with {@code salt ++ initCode} it
     * CREATE2s the code and returns the 20-byte address. It sits at this address on Ethereum, the OP
     * chains and their testnets, and anvil has it from genesis.
     */
    public static final String DETERMINISTIC_DEPLOYER = "0x4e59b44847b379578588920cA78FbF26c0B4956C";

    private static final int SALT_BYTES = 32;

    private Create2() {
    }

    /** The checksummed address that {@code deployer} creates with this salt and creation code. */
    public static String address(String deployer, byte[] salt, byte[] initCode) {
        byte[] from = Numeric.hexStringToByteArray(deployer);
        if (from.length != 20) {
            throw new IllegalArgumentException("a deployer address has 20 bytes, not " + from.length + ": " + deployer);
        }
        checkSalt(salt);
        byte[] preimage = ByteBuffer.allocate(1 + 20 + SALT_BYTES + 32).put((byte) 0xff).put(from).put(salt)
                .put(Hash.sha3(initCode)).array();
        byte[] hash = Hash.sha3(preimage);
        return Keys.toChecksumAddress(Numeric.toHexString(Arrays.copyOfRange(hash, 12, 32)));
    }

    /** What the proxy is called with: the salt, then the creation code. */
    public static byte[] proxyCalldata(byte[] salt, byte[] initCode) {
        checkSalt(salt);
        return ByteBuffer.allocate(SALT_BYTES + initCode.length).put(salt).put(initCode).array();
    }

    private static void checkSalt(byte[] salt) {
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("a CREATE2 salt has 32 bytes, not " + salt.length);
        }
    }
}
