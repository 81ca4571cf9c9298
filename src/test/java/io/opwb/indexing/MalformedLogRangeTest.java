package io.opwb.indexing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.Service;
import org.web3j.protocol.Web3jService;
import org.web3j.utils.Numeric;

import io.opwb.chain.Chains;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.storage.IndexerCheckpointEntity;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalBulkInsert;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A node that answers {@code eth_getLogs} with a malformed {@code MessagePassed} log (its calldata
 * offset pointing past its data): the indexer's run fails with the log named, writes nothing of that
 * range, keeps its checkpoint and its range size (not a refusal); once the node answers well, the
 * next run indexes the range, every withdrawal of it.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class MalformedLogRangeTest {

    @Inject
    Tx tx;
    @Inject
    Chains chains;
    @Inject
    IndexingConfig config;
    @Inject
    IndexingExecutors executors;
    @Inject
    WithdrawalBulkInsert bulk;

    @Test
    void aMalformedLogFailsItsRangeUntilTheNodeAnswersWell() throws Exception {
        Devnet devnet = DevnetTestResource.devnet();
        // the indexer of the chain caught up first, so that its next range holds only these
        new L2WithdrawalIndexer(tx, config, chains.primary(), null, executors, bulk).indexUntilCaughtUp(Integer.MAX_VALUE);
        List<InitiatedWithdrawal> initiated = devnet.traffic()
                .initiate(TrafficGenerator.randomRequests(3, new SplittableRandom(11)));
        devnet.l2Rpc().mine(config.l2Confirmations());

        CorruptingNode node = new CorruptingNode(devnet.l2RpcUrl());
        L2WithdrawalIndexer indexer = new L2WithdrawalIndexer(tx, config, chains.primary(), null, executors, bulk) {
            @Override
            protected Web3jService logNode() {
                return node;
            }
        };
        IndexerCheckpointEntity before = checkpoint(indexer.name());
        MalformedLogException failed = assertThrows(MalformedLogException.class, () -> indexer.indexUntilCaughtUp(100));
        assertTrue(failed.getMessage().contains("offset") && failed.getMessage().contains("(block "), failed.getMessage());
        IndexerCheckpointEntity after = checkpoint(indexer.name());
        long first = initiated.get(0).l2BlockNumber().longValueExact();
        assertTrue(before.nextBlock <= first && after.nextBlock <= first, "the range is not passed over");
        assertTrue(after.rangeSize >= before.rangeSize, "a malformed log is not a refusal: the range is not halved");
        Set<String> hashes = initiated.stream().map(w -> w.transaction().hashHex()).collect(Collectors.toSet());
        assertTrue(indexed().stream().noneMatch(hashes::contains), "nothing of the range is written");

        node.corrupt = false;
        indexer.indexUntilCaughtUp(100);
        assertTrue(indexed().containsAll(hashes), "read again, the range is indexed");
    }

    private IndexerCheckpointEntity checkpoint(String name) {
        return tx.read(() -> Panache.getSession().chain(s -> s.find(IndexerCheckpointEntity.class, name)));
    }

    private Set<String> indexed() {
        return tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery("from WithdrawalEntity",
                WithdrawalEntity.class).getResultList())).stream().map(w -> Numeric.toHexString(w.withdrawalHash))
                .collect(Collectors.toSet());
    }

    /** The devnet's L2 node, whose eth_getLogs answers have their first log's calldata offset set past its data. */
    private static final class CorruptingNode extends Service {
        private final String url;
        private final HttpClient http = HttpClient.newHttpClient();
        volatile boolean corrupt = true;

        CorruptingNode(String url) {
            super(false);
            this.url = url;
        }

        @Override
        protected InputStream performIO(String payload) throws IOException {
            try {
                String answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                int data = answer.indexOf("\"data\":\"0x");
                if (corrupt && data >= 0) {
                    int offset = data + 10 + 2 * 64; // the third word: the calldata's offset
                    answer = answer.substring(0, offset) + "f".repeat(64) + answer.substring(offset + 64);
                }
                return new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void close() {
        }
    }
}
