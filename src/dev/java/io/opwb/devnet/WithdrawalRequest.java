package io.opwb.devnet;

import java.math.BigInteger;

/** What the traffic generator asks the L2 message passer to do: {@code initiateWithdrawal}. */
public record WithdrawalRequest(String target, BigInteger value, BigInteger gasLimit, byte[] data) {

    public WithdrawalRequest {
        data = data == null ? new byte[0] : data.clone();
    }

    public static WithdrawalRequest eth(String target, BigInteger value) {
        return new WithdrawalRequest(target, value, BigInteger.valueOf(100_000), new byte[0]);
    }
}
