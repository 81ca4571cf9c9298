package io.opwb.storage;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Withdrawals by hash, by L2 transaction, and newest first. */
@ApplicationScoped
public class WithdrawalRepository implements PanacheRepositoryBase<WithdrawalEntity, WithdrawalKey> {

    public Uni<List<WithdrawalEntity>> findByL2TxHash(byte[] l2TxHash) {
        return list("l2TxHash = ?1 order by l2LogIndex", l2TxHash);
    }

    public Uni<List<WithdrawalEntity>> newest(int limit) {
        return find("order by l2BlockNumber desc, l2LogIndex desc").page(0, limit).list();
    }
}
