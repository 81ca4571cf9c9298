package io.opwb.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opwb.batching.BatchWindow;
import io.opwb.batching.BatchingConfig;
import io.opwb.chain.ChainContext;
import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;

/** The stages' {@link BatchOutlet}, chosen once by the mode: manifests when enabled, else our own transactions. */
@ApplicationScoped
public class BatchOutlets {

    @Produces
    @Singleton
    BatchOutlet outlet(BatchingConfig batching, ManifestConfig manifestConfig, BatchSender sender, ManifestBook manifests) {
        return manifestConfig.enabled() ? new ManifestOutlet(batching, manifestConfig, sender, manifests)
                : new TransactionOutlet(batching, sender);
    }

    /** Each batch one L1 transaction of ours (in dry-run mode: simulated and recorded by {@link BatchSender}). */
    static final class TransactionOutlet implements BatchOutlet {
        private final BatchingConfig batching;
        private final BatchSender sender;
        private final BatchWindow window;

        TransactionOutlet(BatchingConfig batching, BatchSender sender) {
            this.batching = batching;
            this.sender = sender;
            this.window = BatchWindow.from(batching);
        }

        @Override
        public BatchWindow window() {
            return window;
        }

        @Override
        public int maxItems() {
            return batching.maxItems();
        }

        @Override
        public boolean oneTransaction() {
            return true;
        }

        @Override
        public String superRootRefusal() {
            return null;
        }

        @Override
        public void checkFees() throws Exception {
            sender.checkFees();
        }

        @Override
        public Long accept(ChainContext chain, Planned batch) throws Exception {
            return sender.send(new BatchSender.Batch(batch.kind(), batch.gameIndex(), batch.included(),
                    batch.proofSubmitters(), batch.batcher(), batch.calldata().get(), batch.gasLimit(), batch.soloGas(),
                    batch.leftOut()));
        }
    }

    /** Each batch a signed manifest; its chunks are sent later over the submitter keys. */
    static final class ManifestOutlet implements BatchOutlet {
        private final ManifestConfig config;
        private final BatchSender sender;
        private final ManifestBook manifests;
        private final BatchWindow window;

        ManifestOutlet(BatchingConfig batching, ManifestConfig config, BatchSender sender, ManifestBook manifests) {
            this.config = config;
            this.sender = sender;
            this.manifests = manifests;
            // A manifest is not bound by one transaction's gas: its chunks are.
            this.window = new BatchWindow(config.maxItems(), batching.maxAge(), Long.MAX_VALUE / 4);
        }

        @Override
        public BatchWindow window() {
            return window;
        }

        @Override
        public int maxItems() {
            return config.maxItems();
        }

        @Override
        public boolean oneTransaction() {
            return false;
        }

        @Override
        public String superRootRefusal() {
            // A manifest leaf names a game index, and proveManifest proves against output roots only.
            return "manifest mode does not prove against super roots";
        }

        @Override
        public void checkFees() throws Exception {
            sender.checkFees();
        }

        @Override
        public Long accept(ChainContext chain, Planned batch) throws Exception {
            boolean prove = batch.kind() == BatchKind.PROVE;
            sender.recordLeftOut(chain.id(), batch.leftOut(), prove);
            // Our batcher proves: a prove leaf's submitter is our batcher.
            var submitters = prove ? batch.included().stream().map(w -> batch.batcher()).toList() : batch.proofSubmitters();
            return manifests.record(chain, new ManifestBook.Contents(batch.kind(), batch.gameIndex(), batch.included(),
                    submitters, batch.soloGas()));
        }
    }
}
