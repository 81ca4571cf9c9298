package io.opwb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.testing.TestClocks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What tests of service processes share: an embedded PostgreSQL and a devnet in real time (demo
 * clocks, an L1 block a second, proposer and resolver running) that outlive the processes they
 * kill, plus checks of the chain's own state and of the database.
 */
final class ProcessTestBed implements AutoCloseable {

    final EmbeddedPostgres postgres;
    final Devnet devnet;

    ProcessTestBed() throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        devnet = Devnet.start(new DevnetOptions(TestClocks.CLOCKS, 1, 0, DevnetOptions.forTests().portalFunding()));
        devnet.startActors(TestClocks.cadence());
    }

    /** The service's configuration: this database, this devnet, small batches, short windows. */
    Map<String, String> serviceConfig(int maxItems) {
        Map<String, String> config = serviceConfig(devnet, postgres);
        config.put("opwb.pipeline.interval", "1s");
        config.put("opwb.batching.max-items", Integer.toString(maxItems));
        config.put("opwb.batching.max-age", "2s");
        return config;
    }

    /** The service's settings for this devnet and this database. */
    static Map<String, String> serviceConfig(Devnet devnet, EmbeddedPostgres postgres) {
        Map<String, String> config = new LinkedHashMap<>(devnet.serviceConfig());
        int port = postgres.getPort();
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres");
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        return config;
    }

    Connection db() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    /** Status of each of the given withdrawals in the database (absent: not indexed). */
    Map<String, String> statuses(List<InitiatedWithdrawal> withdrawals) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Connection c = db(); PreparedStatement q = c.prepareStatement(
                "SELECT status FROM withdrawal WHERE withdrawal_hash = ?")) {
            for (InitiatedWithdrawal w : withdrawals) {
                q.setBytes(1, w.transaction().hash());
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        statuses.put(w.transaction().hashHex(), r.getString(1));
                    }
                }
            }
        }
        return statuses;
    }

    /** How many of the given withdrawals the portal has finalized. */
    int finalizedOnChain(List<InitiatedWithdrawal> withdrawals) throws Exception {
        OptimismPortal2 portal = devnet.portalReader();
        int n = 0;
        for (InitiatedWithdrawal w : withdrawals) {
            if (portal.finalizedWithdrawals(w.transaction().hash()).send()) {
                n++;
            }
        }
        return n;
    }

    /** Waits until the portal has finalized all of them. */
    void awaitFinalizedOnChain(List<InitiatedWithdrawal> withdrawals, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        int done = 0;
        while (Instant.now().isBefore(deadline)) {
            done = finalizedOnChain(withdrawals);
            if (done == withdrawals.size()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(done + " of " + withdrawals.size() + " finalized on L1 in time; in the database: "
                + statuses(withdrawals).values().stream().collect(Collectors.groupingBy(Function.identity(),
                        Collectors.counting())));
    }

    /** Waits until our database says FINALIZED for all of them (after the confirmations). */
    void awaitFinalizedInDatabase(List<InitiatedWithdrawal> withdrawals, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)
                && statuses(withdrawals).values().stream().filter("FINALIZED"::equals).count() < withdrawals.size()) {
            Thread.sleep(500);
        }
    }

    /**
     * The chain's own account of each withdrawal: finalized, exactly one WithdrawalFinalized event,
     * exactly one proof by our batcher (none repeated, so no proof clock restarted), target paid;
     * and our database says FINALIZED.
     */
    void assertEachFinalizedExactlyOnce(List<InitiatedWithdrawal> withdrawals, Map<String, BigInteger> balancesBefore)
            throws Exception {
        String batcher = devnet.deployment().withdrawalBatcher();
        Map<String, Long> provenByUs = countByWithdrawal(OptimismPortal2.WITHDRAWALPROVENEXTENSION1_EVENT, batcher);
        Map<String, Long> finalized = countByWithdrawal(OptimismPortal2.WITHDRAWALFINALIZED_EVENT, null);
        Map<String, String> statuses = statuses(withdrawals);
        OptimismPortal2 portal = devnet.portalReader();
        for (InitiatedWithdrawal w : withdrawals) {
            String hash = w.transaction().hashHex();
            assertTrue(portal.finalizedWithdrawals(w.transaction().hash()).send(), "finalized on L1: " + hash);
            assertEquals(1L, finalized.getOrDefault(hash, 0L), "WithdrawalFinalized events for " + hash);
            assertEquals(1L, provenByUs.getOrDefault(hash, 0L), "proofs by our batcher for " + hash);
            assertEquals("FINALIZED", statuses.get(hash), "status in our database of " + hash);
            String target = w.transaction().target();
            assertEquals(balancesBefore.get(target).add(w.transaction().value()), balance(target), "paid: " + target);
        }
        // and in the service's own records: nothing done twice, every nonce of every key used once
        try (Connection c = db()) {
            for (String sender : senders(c)) {
                io.opwb.testing.ExactlyOnceChecks.assertHold(c, withdrawals.stream().map(w -> w.transaction().hash()).toList(),
                        sender, devnet.l1().ethGetTransactionCount(sender, DefaultBlockParameterName.LATEST).send()
                                .getTransactionCount(), java.time.Instant.EPOCH);
            }
        }
    }

    private static List<String> senders(Connection c) throws SQLException {
        List<String> senders = new ArrayList<>();
        try (var s = c.createStatement(); var r = s.executeQuery("select distinct '0x' || encode(sender, 'hex') from l1_transaction")) {
            while (r.next()) {
                senders.add(r.getString(1));
            }
        }
        return senders;
    }

    Map<String, BigInteger> balances(List<InitiatedWithdrawal> withdrawals) throws IOException {
        Map<String, BigInteger> balances = new HashMap<>();
        for (InitiatedWithdrawal w : withdrawals) {
            balances.put(w.transaction().target(), balance(w.transaction().target()));
        }
        return balances;
    }

    private BigInteger balance(String address) throws IOException {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    /** Portal events by withdrawal hash (topic 1), optionally only those whose topic 2 is {@code address}. */
    private Map<String, Long> countByWithdrawal(Event event, String address) throws IOException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO),
                DefaultBlockParameterName.LATEST, devnet.deployment().optimismPortal());
        filter.addSingleTopic(EventEncoder.encode(event));
        if (address != null) {
            filter.addNullTopic();
            filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(address)));
        }
        List<String> hashes = new ArrayList<>();
        for (EthLog.LogResult<?> r : devnet.l1().ethGetLogs(filter).send().getLogs()) {
            hashes.add(((Log) r.get()).getTopics().get(1));
        }
        return hashes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** The worker lease as the database sees it: holder and whether it is unexpired. */
    String currentLeaseHolder() throws SQLException {
        try (Connection c = db(); PreparedStatement q = c.prepareStatement(
                "SELECT holder FROM worker_lease WHERE name = 'worker' AND expires_at > now()");
                ResultSet r = q.executeQuery()) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null; // the service has not migrated the schema yet
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        devnet.close();
        postgres.close();
    }
}
