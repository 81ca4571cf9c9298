package io.opwb.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

import io.opwb.chain.contracts.OptimismPortal2;

/**
 * The six fields of an L2-to-L1 withdrawal, as {@code L2ToL1MessagePasser} emits them in
 * {@code MessagePassed} and as {@code OptimismPortal2} takes them.
 */
public record WithdrawalTransaction(BigInteger nonce, String sender, String target, BigInteger value,
        BigInteger gasLimit, byte[] data) {

    public WithdrawalTransaction {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(gasLimit, "gasLimit");
        data = data == null ? new byte[0] : data.clone();
    }

    /** The struct the generated portal wrapper takes. */
    public OptimismPortal2.WithdrawalTransaction toPortalStruct() {
        return new OptimismPortal2.WithdrawalTransaction(nonce, sender, target, value, gasLimit, data);
    }

    /** keccak256(abi.encode(nonce, sender, target, value, gasLimit, data)), as {@code Hashing.hashWithdrawal}. */
    public byte[] hash() {
        DynamicStruct struct = toPortalStruct();
        return Hash.sha3(org.web3j.utils.Numeric.hexStringToByteArray(TypeEncoder.encode(struct)));
    }

    public String hashHex() {
        return "0x" + HexFormat.of().formatHex(hash());
    }

    /**
     * The message passer's storage slot that proves this withdrawal: {@code sentMessages} is the
     * mapping at slot 0, so the slot is keccak256(abi.encode(hash, uint256(0))).
     */
    public byte[] storageSlot() {
        return storageSlotOf(hash());
    }

    public static byte[] storageSlotOf(byte[] withdrawalHash) {
        String encoded = TypeEncoder.encode(new Bytes32(withdrawalHash)) + TypeEncoder.encode(new Uint256(0));
        return Hash.sha3(org.web3j.utils.Numeric.hexStringToByteArray(encoded));
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WithdrawalTransaction w && nonce.equals(w.nonce) && sender.equalsIgnoreCase(w.sender)
                && target.equalsIgnoreCase(w.target) && value.equals(w.value) && gasLimit.equals(w.gasLimit)
                && Arrays.equals(data, w.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nonce, sender.toLowerCase(), target.toLowerCase(), value, gasLimit, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "WithdrawalTransaction[nonce=" + nonce.toString(16) + ", sender=" + sender + ", target=" + target
                + ", value=" + value + ", gasLimit=" + gasLimit + ", data=0x" + HexFormat.of().formatHex(data) + "]";
    }
}
