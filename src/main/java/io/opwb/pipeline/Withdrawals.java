package io.opwb.pipeline;

import java.util.List;

import org.web3j.utils.Numeric;

import io.opwb.chain.OutputRoot;
import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.storage.WithdrawalEntity;

/** Conversions between stored withdrawals and the contract structs. */
final class Withdrawals {

    private Withdrawals() {
    }

    static WithdrawalTransaction transaction(WithdrawalEntity w) {
        return new WithdrawalTransaction(w.nonce.toBigIntegerExact(), Numeric.toHexString(w.sender),
                Numeric.toHexString(w.target), w.valueWei.toBigIntegerExact(), w.gasLimit.toBigIntegerExact(), w.data);
    }

    static WithdrawalBatcher.WithdrawalTransaction batcherStruct(WithdrawalTransaction tx) {
        return new WithdrawalBatcher.WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), tx.value(),
                tx.gasLimit(), tx.data());
    }

    static WithdrawalBatcher.OutputRootProof batcherStruct(OutputRoot root) {
        return new WithdrawalBatcher.OutputRootProof(new byte[32], root.stateRoot(), root.messagePasserStorageRoot(),
                root.blockHash());
    }

    static java.time.Instant oldestReadySince(List<WithdrawalEntity> items) {
        return items.stream().map(w -> w.statusUpdatedAt.toInstant()).min(java.time.Instant::compareTo)
                .orElse(java.time.Instant.now());
    }

    static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(Numeric::toHexString).toList();
    }
}
