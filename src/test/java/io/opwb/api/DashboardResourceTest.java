package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.storage.BatchEntity;
import io.opwb.storage.BatchKind;
import io.opwb.storage.BatchStatus;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

/**
 * GET /api/dashboard: every status counted (zeros included), batch totals with gas used and gas
 * saved where known, the 20 most recent batches newest first. Other tests may share the database:
 * counts are checked as differences.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class DashboardResourceTest {

    private static final SplittableRandom RANDOM = new SplittableRandom(6);

    @Inject
    Tx tx;

    @Test
    void countsTotalsAndRecentBatches() {
        JsonPath before = dashboard();
        List<String> statuses = Arrays.stream(WithdrawalStatus.values()).map(Enum::name).toList();
        assertEquals(statuses, new ArrayList<>(before.getMap("withdrawalsByStatus").keySet()),
                "every status, in the lifecycle's order");
        assertEquals(List.of("PROVE", "FINALIZE"), new ArrayList<>(before.getMap("totals.batchesByKind").keySet()));

        insertWithdrawal("FINALIZED");
        insertWithdrawal("FINALIZED");
        insertWithdrawal("SKIPPED");
        insertWithdrawal("WAITING_FOR_GAME");
        BatchEntity proved = batch(BatchKind.PROVE, BatchStatus.CONFIRMED, 3, 600_000L, 150_000L);
        BatchEntity unknownSaving = batch(BatchKind.PROVE, BatchStatus.CONFIRMED, 2, 400_000L, null);
        BatchEntity sent = batch(BatchKind.FINALIZE, BatchStatus.SUBMITTED, 4, null, null);
        JsonPath after = dashboard();

        assertEquals(4, after.getLong("withdrawals") - before.getLong("withdrawals"));
        assertEquals(2, delta(before, after, "withdrawalsByStatus.FINALIZED"));
        assertEquals(1, delta(before, after, "withdrawalsByStatus.SKIPPED"));
        assertEquals(1, delta(before, after, "withdrawalsByStatus.WAITING_FOR_GAME"));
        assertEquals(0, delta(before, after, "withdrawalsByStatus.NEEDS_REPROVE"));
        long sum = after.getMap("withdrawalsByStatus").values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        assertEquals(after.getLong("withdrawals"), sum, "the counts add up to the total");

        assertEquals(3, delta(before, after, "totals.batches"));
        assertEquals(2, delta(before, after, "totals.batchesByKind.PROVE"));
        assertEquals(1, delta(before, after, "totals.batchesByKind.FINALIZE"));
        assertEquals(1_000_000, delta(before, after, "totals.gasUsed"), "mined batches' gas");
        assertEquals(150_000, delta(before, after, "totals.gasSaved"), "only where known");
        assertEquals(1, delta(before, after, "totals.batchesWithGasSaved"));

        List<Map<String, Object>> recent = after.getList("recentBatches");
        assertEquals(List.of(sent.id.intValue(), unknownSaving.id.intValue(), proved.id.intValue()),
                recent.subList(0, 3).stream().map(b -> b.get("id")).toList(), "newest first");
        Map<String, Object> p = recent.get(2);
        assertEquals("PROVE", p.get("kind"));
        assertEquals("CONFIRMED", p.get("status"));
        assertEquals(3, p.get("itemCount"));
        assertEquals(200_000, ((Number) p.get("gasPerWithdrawal")).intValue());
        assertEquals(150_000, ((Number) p.get("gasSaved")).intValue());
        assertEquals(Numeric.toHexString(proved.txHash), p.get("txHash"));
        assertTrue(p.get("createdAt") != null);
        assertNull(recent.get(0).get("gasPerWithdrawal"), "not mined: no gas yet");
        assertNull(recent.get(1).get("gasSaved"), "saving unknown");
        assertEquals(250_000, ((Number) p.get("oneTransactionPerStepGasPerWithdrawal")).intValue(),
                "(gas used + gas saved) / items");
        assertNull(recent.get(1).get("oneTransactionPerStepGasPerWithdrawal"), "saving unknown");
        assertNull(recent.get(0).get("oneTransactionPerStepGasPerWithdrawal"), "not mined");

        for (int i = 0; i < DashboardResource.RECENT_BATCHES; i++) {
            batch(BatchKind.FINALIZE, BatchStatus.CONFIRMED, 1, 100_000L, 10_000L);
        }
        assertEquals(DashboardResource.RECENT_BATCHES, dashboard().getList("recentBatches").size());
    }

    /**
     * Finalizations per hour over the last 24 (zeros included, oldest first, by when we saw them final) and
     * the top reasons of withdrawals waiting (not final, not skipped), in words.
     */
    @Test
    void finalizationsPerHourAndWhatWaits() {
        JsonPath before = dashboard();
        List<Map<String, Object>> hoursBefore = before.getList("finalizedPerHour");
        assertEquals(24, hoursBefore.size());
        java.time.Instant newest = java.time.Instant.parse((String) hoursBefore.get(23).get("hour"));
        assertEquals(0, newest.getEpochSecond() % 3600, "hours start on the hour");
        for (int i = 1; i < 24; i++) {
            assertEquals(3600, java.time.Instant.parse((String) hoursBefore.get(i).get("hour")).getEpochSecond()
                    - java.time.Instant.parse((String) hoursBefore.get(i - 1).get("hour")).getEpochSecond(), "oldest first");
        }
        java.time.OffsetDateTime thisHour = java.time.OffsetDateTime.ofInstant(newest.plusSeconds(1), java.time.ZoneOffset.UTC);
        List<WithdrawalEntity> rows = new ArrayList<>();
        rows.add(finalizedAt(thisHour));
        rows.add(finalizedAt(thisHour.plusSeconds(1_000)));
        rows.add(finalizedAt(thisHour.minusHours(3)));
        rows.add(finalizedAt(thisHour.minusHours(30))); // before the chart
        for (int i = 0; i < 60; i++) {
            rows.add(waiting(WithdrawalStatus.READY_TO_PROVE, io.opwb.storage.ReasonCode.HELD));
            rows.add(waiting(WithdrawalStatus.SKIPPED, io.opwb.storage.ReasonCode.TARGET_FAILS)); // not waiting
        }
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.persistAll(rows.toArray())));
        JsonPath after = dashboard();
        if (!after.getString("finalizedPerHour[23].hour").equals(before.getString("finalizedPerHour[23].hour"))) {
            return; // the hour turned between the two reads: nothing comparable (rare; the next run checks)
        }
        assertEquals(2, after.getLong("finalizedPerHour[23].withdrawals") - before.getLong("finalizedPerHour[23].withdrawals"));
        assertEquals(1, after.getLong("finalizedPerHour[20].withdrawals") - before.getLong("finalizedPerHour[20].withdrawals"));
        long counted = 0;
        for (int i = 0; i < 24; i++) {
            counted += after.getLong("finalizedPerHour[" + i + "].withdrawals") - before.getLong("finalizedPerHour[" + i + "].withdrawals");
        }
        assertEquals(3, counted, "the one finalized 30 hours ago is not in the last 24");

        List<Map<String, Object>> waiting = after.getList("waiting");
        assertTrue(waiting.size() <= DashboardResource.TOP_REASONS);
        Map<String, Object> held = waiting.stream().filter(w -> "HELD".equals(w.get("reasonCode"))).findFirst().orElseThrow();
        long heldBefore = before.<Map<String, Object>>getList("waiting").stream().filter(w -> "HELD".equals(w.get("reasonCode")))
                .mapToLong(w -> ((Number) w.get("withdrawals")).longValue()).sum();
        assertEquals(60, ((Number) held.get("withdrawals")).longValue() - heldBefore);
        assertEquals("held: the L1 node gave no answer about it", held.get("reason"));
        assertTrue(waiting.stream().noneMatch(w -> "TARGET_FAILS".equals(w.get("reasonCode"))), "skipped ones do not wait");
        for (int i = 1; i < waiting.size(); i++) {
            assertTrue(((Number) waiting.get(i - 1).get("withdrawals")).longValue()
                    >= ((Number) waiting.get(i).get("withdrawals")).longValue(), "most common first");
        }
    }

    private static WithdrawalEntity finalizedAt(java.time.OffsetDateTime at) {
        WithdrawalEntity w = waiting(WithdrawalStatus.FINALIZED, io.opwb.storage.ReasonCode.FINALIZED_BY_US);
        w.finalizedSeenAt = at;
        return w;
    }

    private static WithdrawalEntity waiting(WithdrawalStatus status, io.opwb.storage.ReasonCode code) {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        WithdrawalEntity w = TestWithdrawals.row(hash);
        w.status = status;
        w.reasonCode = code;
        return w;
    }

    private static long delta(JsonPath before, JsonPath after, String path) {
        return after.getLong(path) - before.getLong(path);
    }

    private static JsonPath dashboard() {
        return given().get("/api/dashboard").then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    private void insertWithdrawal(String status) {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        WithdrawalEntity w = TestWithdrawals.row(hash);
        w.status = io.opwb.storage.WithdrawalStatus.valueOf(status);
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(w)));
    }

    private BatchEntity batch(BatchKind kind, BatchStatus status, int items, Long gasUsed, Long gasSaved) {
        BatchEntity b = new BatchEntity();
        b.l2ChainId = io.opwb.testing.TestWithdrawals.CHAIN;
        b.kind = kind;
        b.status = status;
        b.itemCount = items;
        b.gasUsed = gasUsed;
        b.gasSaved = gasSaved;
        b.txHash = new byte[32];
        RANDOM.nextBytes(b.txHash);
        return tx.inTransaction(() -> Panache.getSession().chain(s -> s.persist(b)).chain(() -> Uni.createFrom().item(b)));
    }
}
