package io.opwb.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainClients;
import io.opwb.storage.DryRunBatchEntity;
import io.opwb.storage.DryRunItemEntity;
import io.opwb.storage.Tx;
import io.opwb.submission.SignerKey;
import io.quarkus.hibernate.reactive.panache.Panache;

/**
 * Dry-run mode's end of a batch: instead of signing it, simulates it on L1 from the operator's
 * address and records what it would have cost beside what one transaction per step would have
 * cost. Its withdrawals are left out of later batches of the same kind, so each is shown once.
 */
@ApplicationScoped
public class DryRun {

    private static final Logger LOG = Logger.getLogger(DryRun.class);

    private final boolean active;
    private final PipelineConfig config;
    private final Instance<SignerKey> key;
    private final ChainClients clients;
    private final Tx tx;
    private final BatchMetrics metrics;

    public DryRun(PipelineConfig config, Instance<SignerKey> key, ChainClients clients, Tx tx, BatchMetrics metrics) {
        this.active = config.mode() == PipelineConfig.Mode.DRY_RUN;
        this.config = config;
        this.key = key;
        this.clients = clients;
        this.tx = tx;
        this.metrics = metrics;
    }

    public boolean active() {
        return active;
    }

    /** The address batches are simulated from: the configured one, else the key's. */
    public String from() {
        return from(config, key);
    }

    /** The configured address, else the key's (whose loading fails with the settings to fix). */
    static String from(PipelineConfig config, Instance<SignerKey> key) {
        return config.dryRunFrom().orElseGet(() -> key.get().addresses().get(0));
    }

    /** Simulates and records the batch; returns the dry-run batch's id. */
    public long record(BatchSender.Batch batch) {
        String from = batch.from() != null ? batch.from() : from();
        ChainClients.GasUse use = clients.l1GasUse(from, batch.to(), batch.calldata());
        DryRunBatchEntity row = new DryRunBatchEntity();
        row.l2ChainId = batch.l2ChainId();
        row.kind = batch.kind();
        row.gameIndex = batch.gameIndex();
        row.itemCount = batch.items().size();
        row.calldata = Numeric.hexStringToByteArray(batch.calldata());
        row.calldataBytes = row.calldata.length;
        row.gasLimit = batch.gasLimit();
        row.sender = Numeric.hexStringToByteArray(from);
        row.simulatedGas = use.gas();
        row.failure = use.failure();
        row.soloGas = batch.soloGas().stream().anyMatch(Objects::isNull) ? null
                : batch.soloGas().stream().mapToLong(Long::longValue).sum();
        long id = tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(row).chain(s::flush)
                .chain(() -> s.persistAll(items(row, batch).toArray())).map(ignored -> row.id)));
        String chain = metrics.chainName(row.l2ChainId);
        if (row.simulatedGas == null) {
            LOG.warnf("dry run #%d: a %s batch of %d on %s would fail from %s: %s", id, row.kind, row.itemCount,
                    chain, from, row.failure);
        } else {
            LOG.infof("dry run #%d: would send a %s batch of %d on %s: %,d gas (%,d each); one transaction per step: %s",
                    id, row.kind, row.itemCount, chain, row.simulatedGas, row.simulatedGas / row.itemCount,
                    row.soloGas == null ? "unknown" : String.format("%,d gas, %d %% saved", row.soloGas,
                            Math.round(100.0 * (row.soloGas - row.simulatedGas) / row.soloGas)));
        }
        return id;
    }

    private static List<Object> items(DryRunBatchEntity row, BatchSender.Batch batch) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            DryRunItemEntity item = new DryRunItemEntity();
            item.batchId = row.id;
            item.position = i;
            item.l2ChainId = row.l2ChainId;
            item.withdrawalHash = batch.items().get(i).withdrawalHash;
            item.kind = row.kind;
            item.soloGas = batch.soloGas().get(i);
            items.add(item);
        }
        return items;
    }
}
