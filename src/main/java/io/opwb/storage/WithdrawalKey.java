package io.opwb.storage;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** A withdrawal's identity: its hash on its chain (the same hash can occur on two chains). */
public class WithdrawalKey implements Serializable {

    public long l2ChainId;
    public byte[] withdrawalHash;

    public WithdrawalKey() {
    }

    public WithdrawalKey(long l2ChainId, byte[] withdrawalHash) {
        this.l2ChainId = l2ChainId;
        this.withdrawalHash = withdrawalHash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WithdrawalKey k && k.l2ChainId == l2ChainId && Arrays.equals(k.withdrawalHash, withdrawalHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(l2ChainId, Arrays.hashCode(withdrawalHash));
    }
}
