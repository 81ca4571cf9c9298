package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalRepository;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

/**
 * The REST API's parameter checks (400 problem documents), unknown resources (404), and reads of
 * withdrawals inserted straight into the database. No chain is reachable and the pipeline is off.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class ApiValidationTest {

    static final String PROBLEM = "application/problem+json";
    static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    WithdrawalRepository repository;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    // fresh per test, so rows of other tests (same database) never match our filters
    byte[] h1;
    byte[] h2;
    byte[] h3;
    byte[] tx;
    byte[] tx2;
    byte[] sender;
    byte[] targetX;
    byte[] targetY;
    final List<byte[]> inserted = new ArrayList<>();

    @BeforeEach
    void insertWithdrawals() throws Throwable {
        h1 = random(32);
        h2 = random(32);
        h3 = random(32);
        tx = random(32);
        tx2 = random(32);
        sender = random(20);
        targetX = random(20);
        targetY = random(20);
        // two withdrawals of one L2 transaction (block 1000), and a newer one (block 1001)
        List<WithdrawalEntity> rows = List.of(
                withdrawal(h1, tx, 0, 1_000, "READY_TO_PROVE", targetX),
                withdrawal(h2, tx, 1, 1_000, "READY_TO_PROVE", targetY),
                withdrawal(h3, tx2, 0, 1_001, "WAITING_FOR_GAME", targetX));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> repository.persist(rows)));
        rows.forEach(w -> inserted.add(w.withdrawalHash));
    }

    @AfterEach
    void deleteWithdrawals() throws Throwable {
        List<byte[]> hashes = List.copyOf(inserted);
        inserted.clear();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (byte[] h : hashes) {
                chain = chain.chain(() -> repository.deleteById(io.opwb.testing.TestWithdrawals.key(h))).replaceWithVoid();
            }
            return chain;
        }));
    }

    // ---- 400: malformed parameters

    @Test
    void malformedWithdrawalHash() {
        String nonHex = hex(h1).replace("0x", "0xzz").substring(0, 66); // right length, not hex
        for (String bad : List.of("0x1234", "nothex", hex(h1).substring(2), hex(h1) + "00", nonHex)) {
            assertBadRequest(get("/api/withdrawals/" + bad), "withdrawalHash");
        }
    }

    @Test
    void malformedL2TransactionHash() {
        assertBadRequest(get("/api/l2-transactions/0xabc/withdrawals"), "l2TxHash");
        assertBadRequest(get("/api/l2-transactions/" + hex(tx).substring(2) + "/withdrawals"), "l2TxHash");
    }

    // (an empty value, ?sender= or ?status=, is taken as no filter by Quarkus REST: not tested as an error)
    @Test
    void malformedSenderAndTarget() {
        assertBadRequest(get("/api/withdrawals?sender=0x12"), "sender");
        assertBadRequest(get("/api/withdrawals?sender=" + hex(sender).substring(2)), "sender");
        assertBadRequest(get("/api/withdrawals?target=0x" + "g".repeat(40)), "target");
        assertBadRequest(get("/api/withdrawals?target=" + hex(h1)), "target");
    }

    @Test
    void unknownStatusOrKind() {
        Response status = get("/api/withdrawals?status=DONE");
        assertBadRequest(status, "status");
        assertTrue(detail(status).contains("READY_TO_PROVE"), detail(status));
        Response kind = get("/api/batches?kind=BOTH");
        assertBadRequest(kind, "kind");
        assertEquals("kind must be one of [PROVE, FINALIZE]", detail(kind));
    }

    @Test
    void pageAndSizeOutOfRange() {
        assertBadRequest(get("/api/withdrawals?page=-1"), "page");
        assertBadRequest(get("/api/withdrawals?size=0"), "size");
        assertBadRequest(get("/api/withdrawals?size=501"), "size");
        assertBadRequest(get("/api/batches?page=-1"), "page");
        assertBadRequest(get("/api/batches?size=0"), "size");
        assertEquals("size must be between 1 and 500", detail(get("/api/withdrawals?size=501")));
        // the limits themselves are fine
        assertEquals(200, get("/api/withdrawals?size=500&page=0&sender=" + hex(sender)).statusCode());
        assertEquals(200, get("/api/withdrawals?size=1&sender=" + hex(sender)).statusCode());
    }

    @Test
    void hugePagesAndSizesAreRefusedWithTheReason() {
        String deep = "page * size must be under 10000 (page %s, size %s): a list is paged through its first 10000"
                + " rows only; narrow it with filters";
        for (String list : List.of("/api/withdrawals", "/api/batches", "/api/dry-run/batches")) {
            // overflowed an int (page × size) before, and the database was asked for a negative offset
            assertEquals(String.format(deep, "2147483647", "500"), detail(get(list + "?page=2147483647&size=500")));
            assertEquals(String.format(deep, "99999999999999", "50"), detail(get(list + "?page=99999999999999")));
            assertEquals(String.format(deep, "4294968", "500"), detail(get(list + "?page=4294968&size=500")));
            // the first page past the bound, and the last one within it
            assertBadRequest(get(list + "?page=20&size=500"), "page * size");
            assertBadRequest(get(list + "?page=10000&size=1"), "page * size");
            assertEquals(200, get(list + "?page=19&size=500").statusCode());
            assertEquals(200, get(list + "?page=9999&size=1").statusCode());
            for (String size : List.of("1000000000", "2147483648", "99999999999999", "-2147483649")) {
                assertEquals("size must be between 1 and 500", detail(get(list + "?size=" + size)), size);
            }
            assertEquals("page must be 0 or more", detail(get(list + "?page=-99999999999999")));
        }
    }

    @Test
    void nonNumericPageAndSize() {
        assertBadRequest(get("/api/withdrawals?page=abc"), "page");
        assertBadRequest(get("/api/withdrawals?size=ten"), "size");
        assertBadRequest(get("/api/batches?page=1.5"), "page");
        // forms Integer.parseInt took: a sign, digits of other scripts (Arabic-Indic three)
        assertEquals("page must be a whole number", detail(get("/api/withdrawals?page=+1")));
        assertEquals("size must be a whole number", detail(get("/api/dry-run/batches?size=%D9%A3")));
    }

    @Test
    void malformedBatchId() {
        for (String bad : List.of("abc", "1.5", "0x10", "99999999999999999999")) {
            Response r = get("/api/batches/" + bad);
            assertBadRequest(r, "batch id");
            assertEquals("batch id must be a whole number", detail(r));
        }
    }

    // ---- 404: well-formed but unknown

    @Test
    void unknownWithdrawalHash() {
        String unknown = hex(random(32));
        Response r = get("/api/withdrawals/" + unknown);
        assertProblem(r, 404);
        assertEquals("no withdrawal with hash " + unknown, detail(r));
    }

    @Test
    void unknownL2Transaction() {
        String unknown = hex(random(32));
        Response r = get("/api/l2-transactions/" + unknown + "/withdrawals");
        assertProblem(r, 404);
        assertEquals("no withdrawal initiated by L2 transaction " + unknown, detail(r));
    }

    @Test
    void unknownBatch() {
        Response r = get("/api/batches/987654321987");
        assertProblem(r, 404);
        assertEquals("no batch 987654321987", detail(r));
    }

    @Test
    void unknownPath() {
        Response r = get("/api/nothing-here");
        assertProblem(r, 404);
    }

    // ---- reads

    @Test
    void aWithdrawalByHash() {
        Response r = get("/api/withdrawals/" + hex(h1));
        assertEquals(200, r.statusCode(), r.asString());
        JsonPath json = r.jsonPath();
        assertEquals(hex(h1), json.getString("withdrawalHash"));
        assertEquals(hex(tx), json.getString("l2TxHash"));
        assertEquals(1_000, json.getLong("l2BlockNumber"));
        assertEquals(0, json.getInt("l2LogIndex"));
        assertEquals("0x1000000000000000000000000000000000000000000000000000000000001", json.getString("nonce"));
        assertEquals(hex(sender), json.getString("sender"));
        assertEquals(hex(targetX), json.getString("target"));
        assertEquals("1000000000000000000000", json.getString("value"));
        assertEquals("100000", json.getString("gasLimit"));
        assertEquals("0xcafe", json.getString("data"));
        assertEquals("READY_TO_PROVE", json.getString("status"));
        assertEquals(List.of(), json.getList("proofs"));
        assertNull(json.get("finalization"));
        assertTrue(json.getBoolean("selected"));
    }

    @Test
    void aLookUpBringsItsBatchesProofsAndFinalizationOfItsOwnChain() throws Throwable {
        byte[] proveTx = random(32);
        byte[] finalizeTx = random(32);
        byte[] early = random(32);
        byte[] late = random(32);
        byte[] finalTx = random(32);
        VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(c -> c.preparedQuery(
                "with p as (insert into batch (kind, status, game_index, item_count, tx_hash, l2_chain_id)"
                        + " values ('PROVE', 'CONFIRMED', 7, 1, $2, $1) returning id),"
                        + " f as (insert into batch (kind, status, item_count, tx_hash, l2_chain_id)"
                        + " values ('FINALIZE', 'CONFIRMED', 1, $3, $1) returning id)"
                        + " update withdrawal set prove_batch_id = (select id from p), finalize_batch_id = (select id from f)"
                        + " where l2_chain_id = $1 and withdrawal_hash = $4")
                .execute(Tuple.of(TestWithdrawals.CHAIN, Buffer.buffer(proveTx), Buffer.buffer(finalizeTx), Buffer.buffer(h1)))
                .chain(() -> c.preparedQuery("insert into portal_proof (withdrawal_hash, submitter, dispute_game, proven_at,"
                        + " l1_block_number, l1_block_hash, l1_tx_hash, log_index, l2_chain_id) values"
                        + " ($1, $2, $2, 200, 20, $3, $4, 0, $6), ($1, $2, $2, 100, 10, $3, $5, 0, $6),"
                        + " ($1, $2, $2, 300, 30, $3, $7, 0, $6 + 1)")
                        .execute(Tuple.tuple(List.of(Buffer.buffer(h1), Buffer.buffer(sender), Buffer.buffer(new byte[32]),
                                Buffer.buffer(late), Buffer.buffer(early), TestWithdrawals.CHAIN, Buffer.buffer(random(32))))))
                .chain(() -> c.preparedQuery("insert into portal_finalization (withdrawal_hash, success, l1_block_number,"
                        + " l1_block_hash, l1_tx_hash, l2_chain_id) values ($1, true, 40, $2, $3, $4)")
                        .execute(Tuple.of(Buffer.buffer(h1), Buffer.buffer(new byte[32]), Buffer.buffer(finalTx),
                                TestWithdrawals.CHAIN)))
                .replaceWithVoid()));
        try {
            JsonPath json = get("/api/withdrawals/" + hex(h1)).jsonPath();
            assertEquals(hex(proveTx), json.getString("proveTxHash"));
            assertEquals(7, json.getLong("gameIndex"));
            assertEquals(hex(finalizeTx), json.getString("finalizeTxHash"));
            assertEquals(List.of(hex(early), hex(late)), json.getList("proofs.l1TxHash"), "this chain's, oldest first");
            assertEquals(List.of(100, 200), json.getList("proofs.provenAt"));
            assertEquals(hex(finalTx), json.getString("finalization.l1TxHash"));
            assertTrue(json.getBoolean("finalization.success"));
            JsonPath byTx = get("/api/l2-transactions/" + hex(tx) + "/withdrawals").jsonPath();
            assertEquals(hex(proveTx), byTx.getString("find { it.withdrawalHash == '" + hex(h1) + "' }.proveTxHash"));
            assertEquals(List.of(hex(early), hex(late)), byTx.getList("find { it.withdrawalHash == '" + hex(h1)
                    + "' }.proofs.l1TxHash"));
            JsonPath listed = list("sender=" + hex(sender) + "&status=READY_TO_PROVE");
            assertEquals(List.of(hex(h2), hex(h1)), listed.getList("items.withdrawalHash"));
            assertEquals(hex(finalizeTx), listed.getString("items[1].finalizeTxHash"), "a list shows the batches too");
        } finally {
            VertxContextSupport.subscribeAndAwait(() -> pool.withTransaction(c -> c.preparedQuery(
                    "delete from portal_proof where withdrawal_hash = $1").execute(Tuple.of(Buffer.buffer(h1)))
                    .chain(() -> c.preparedQuery("delete from portal_finalization where withdrawal_hash = $1")
                            .execute(Tuple.of(Buffer.buffer(h1))))
                    .chain(() -> c.preparedQuery("update withdrawal set prove_batch_id = null, finalize_batch_id = null"
                            + " where withdrawal_hash = $1").execute(Tuple.of(Buffer.buffer(h1))))
                    .chain(() -> c.preparedQuery("delete from batch where tx_hash in ($1, $2)")
                            .execute(Tuple.of(Buffer.buffer(proveTx), Buffer.buffer(finalizeTx))))
                    .replaceWithVoid()));
        }
    }

    @Test
    void aWithdrawalByHashInUpperCaseHex() {
        String upper = "0x" + hex(h2).substring(2).toUpperCase(Locale.ROOT);
        Response r = get("/api/withdrawals/" + upper);
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(hex(h2), r.jsonPath().getString("withdrawalHash"));
    }

    @Test
    void theWithdrawalsOfAnL2TransactionInLogOrder() {
        Response r = get("/api/l2-transactions/" + hex(tx) + "/withdrawals");
        assertEquals(200, r.statusCode(), r.asString());
        assertEquals(List.of(hex(h1), hex(h2)), r.jsonPath().getList("withdrawalHash"));
        assertEquals(List.of(0, 1), r.jsonPath().getList("l2LogIndex"));

        Response other = get("/api/l2-transactions/" + hex(tx2) + "/withdrawals");
        assertEquals(List.of(hex(h3)), other.jsonPath().getList("withdrawalHash"));
    }

    @Test
    void theListFilteredBySenderNewestFirst() {
        JsonPath page = list("sender=" + hex(sender));
        assertEquals(3, page.getLong("total"));
        assertEquals(0, page.getInt("page"));
        assertEquals(50, page.getInt("size"));
        assertEquals(List.of(hex(h3), hex(h2), hex(h1)), page.getList("items.withdrawalHash"));
        // the address filter is case-insensitive
        JsonPath upper = list("sender=0x" + hex(sender).substring(2).toUpperCase(Locale.ROOT));
        assertEquals(3, upper.getLong("total"));
    }

    @Test
    void aLongListIsCountedUpToTheCap() throws Throwable {
        List<WithdrawalEntity> more = new ArrayList<>();
        for (int i = 0; i < WithdrawalResource.COUNT_CAP; i++) { // with our three: one more than the cap
            more.add(withdrawal(random(32), random(32), 0, 2_000 + i, "WAITING_FOR_GAME", targetX));
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> repository.persist(more)));
        more.forEach(w -> inserted.add(w.withdrawalHash));
        JsonPath capped = list("sender=" + hex(sender) + "&size=10");
        assertEquals(WithdrawalResource.COUNT_CAP, capped.getLong("total"));
        assertFalse(capped.getBoolean("totalExact"), "more than the cap: total means at least");
        assertEquals(10, capped.getList("items").size());
        JsonPath exact = list("sender=" + hex(sender) + "&status=READY_TO_PROVE");
        assertEquals(2, exact.getLong("total"));
        assertTrue(exact.getBoolean("totalExact"));
    }

    @Test
    void theListFilteredByStatus() {
        JsonPath ready = list("sender=" + hex(sender) + "&status=READY_TO_PROVE");
        assertEquals(2, ready.getLong("total"));
        assertEquals(List.of(hex(h2), hex(h1)), ready.getList("items.withdrawalHash"));
        JsonPath lower = list("sender=" + hex(sender) + "&status=waiting_for_game");
        assertEquals(1, lower.getLong("total"));
        assertEquals(List.of(hex(h3)), lower.getList("items.withdrawalHash"));
        // status alone: ours are among them
        JsonPath all = list("status=READY_TO_PROVE&size=500");
        assertTrue(all.getLong("total") >= 2);
        assertTrue(all.getList("items.withdrawalHash").containsAll(List.of(hex(h1), hex(h2))));
        assertFalse(all.getList("items.withdrawalHash").contains(hex(h3)));
    }

    @Test
    void theListFilteredByTarget() {
        JsonPath x = list("target=" + hex(targetX));
        assertEquals(2, x.getLong("total"));
        assertEquals(List.of(hex(h3), hex(h1)), x.getList("items.withdrawalHash"));
        JsonPath all3 = list("target=" + hex(targetX) + "&sender=" + hex(sender) + "&status=WAITING_FOR_GAME");
        assertEquals(1, all3.getLong("total"));
        assertEquals(List.of(hex(h3)), all3.getList("items.withdrawalHash"));
    }

    @Test
    void theListPaginates() {
        JsonPath first = list("sender=" + hex(sender) + "&size=2");
        assertEquals(3, first.getLong("total"));
        assertEquals(2, first.getInt("size"));
        assertEquals(List.of(hex(h3), hex(h2)), first.getList("items.withdrawalHash"));
        JsonPath second = list("sender=" + hex(sender) + "&size=2&page=1");
        assertEquals(3, second.getLong("total"));
        assertEquals(1, second.getInt("page"));
        assertEquals(List.of(hex(h1)), second.getList("items.withdrawalHash"));
        JsonPath beyond = list("sender=" + hex(sender) + "&size=2&page=2");
        assertEquals(3, beyond.getLong("total"));
        assertEquals(List.of(), beyond.getList("items"));
    }

    @Test
    void theListPagesByCursorInAStableOrder() throws Throwable {
        // two more in h1's block at h1's log index: only the hash tells the three apart
        List<WithdrawalEntity> ties = List.of(withdrawal(random(32), tx, 0, 1_000, "READY_TO_PROVE", targetX),
                withdrawal(random(32), tx, 0, 1_000, "READY_TO_PROVE", targetY));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> repository.persist(ties)));
        ties.forEach(w -> inserted.add(w.withdrawalHash));
        List<Object> byOffset = list("sender=" + hex(sender) + "&size=5").getList("items.withdrawalHash");
        assertEquals(5, byOffset.size());

        List<Object> byCursor = new ArrayList<>();
        JsonPath page = list("sender=" + hex(sender) + "&size=2");
        assertEquals(0, page.getInt("page"), "the first page is a numbered page, with its cursor");
        byCursor.addAll(page.getList("items.withdrawalHash"));
        int pages = 1;
        while (page.getString("next") != null) {
            page = list("sender=" + hex(sender) + "&size=2&after=" + page.getString("next"));
            assertNull(page.get("page"), "a page by cursor has no number");
            assertNull(page.get("total"), "nor a count");
            byCursor.addAll(page.getList("items.withdrawalHash"));
            pages++;
        }
        assertEquals(3, pages, "2 + 2 + 1, and no empty page after the last");
        assertEquals(byOffset, byCursor, "the same rows in the same order, each once");

        // a filter applies after a cursor too
        String afterFirst = list("sender=" + hex(sender) + "&size=1").getString("next");
        assertEquals(List.of(), list("sender=" + hex(sender) + "&status=WAITING_FOR_GAME&after=" + afterFirst)
                .getList("items"), "h3, the only one waiting, came before the cursor");
    }

    @Test
    void aLongBatchListIsCountedUpToTheCap() throws Throwable {
        // The list's rows other tests left, then ours up to one below the cap.
        long chain = TestWithdrawals.CHAIN;
        long existing = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("select count(*) from batch"
                + " where kind = 'FINALIZE' and l2_chain_id = $1").execute(Tuple.of(chain)).map(r -> r.iterator().next().getLong(0)));
        String insert = "insert into batch (kind, status, item_count, l2_chain_id) select 'FINALIZE', 'CONFIRMED', 1, $1"
                + " from generate_series(1, $2) returning id";
        List<Long> ids = new ArrayList<>(VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(insert)
                .execute(Tuple.of(chain, IdPages.CAP - 1 - existing)).map(ApiValidationTest::ids)));
        try {
            JsonPath exact = list("/api/batches?kind=FINALIZE&chain=" + chain + "&size=10&page=" + (IdPages.CAP / 10 - 1));
            assertEquals(IdPages.CAP - 1, exact.getLong("total"));
            assertTrue(exact.getBoolean("totalExact"));
            assertEquals(9, exact.getList("items").size(), "the last page holds the rest");
            assertNull(exact.get("next"), "nothing after the last page");
            ids.addAll(VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(insert).execute(Tuple.of(chain, 2))
                    .map(ApiValidationTest::ids)));
            JsonPath capped = list("/api/batches?kind=FINALIZE&chain=" + chain + "&size=10&page=" + (IdPages.CAP / 10 - 1));
            assertEquals(IdPages.CAP, capped.getLong("total"), "one more than the cap: total means at least");
            assertFalse(capped.getBoolean("totalExact"));
            assertEquals(10, capped.getList("items").size());
            assertNotNull(capped.get("next"), "the row beyond the cap is a page further");
            JsonPath beyond = list("/api/batches?kind=FINALIZE&chain=" + chain + "&size=10&after=" + capped.getString("next"));
            assertEquals(1, beyond.getList("items").size());
            assertNull(beyond.get("next"));
        } finally {
            VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("delete from batch where id = any($1)")
                    .execute(Tuple.of((Object) ids.toArray(new Long[0]))).replaceWithVoid());
        }
    }

    private static List<Long> ids(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
        List<Long> found = new ArrayList<>();
        rows.forEach(r -> found.add(r.getLong(0)));
        return found;
    }

    @Test
    void batchListsPageByCursorToo() throws Throwable {
        List<Long> ids = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("insert into batch (kind, status,"
                + " item_count, l2_chain_id) select 'PROVE', 'CONFIRMED', 1, $1 from generate_series(1, 5) returning id")
                .execute(Tuple.of(TestWithdrawals.CHAIN)).map(rows -> {
                    List<Long> found = new ArrayList<>();
                    rows.forEach(r -> found.add(r.getLong(0)));
                    return found;
                }));
        try {
            JsonPath first = list("/api/batches?kind=PROVE&size=2");
            long total = first.getLong("total");
            List<Object> byCursor = new ArrayList<>(first.getList("items.id"));
            String next = first.getString("next");
            while (next != null) {
                JsonPath page = list("/api/batches?kind=PROVE&size=2&after=" + next);
                assertNull(page.get("total"));
                byCursor.addAll(page.getList("items.id"));
                next = page.getString("next");
            }
            assertEquals(total, byCursor.size(), "every batch once: " + byCursor);
            assertEquals(list("/api/batches?kind=PROVE&size=500").getList("items.id"), byCursor, "in the same order");
            assertTrue(byCursor.containsAll(ids.stream().map(Long::intValue).toList()), byCursor + " has " + ids);
            String batchCursor = first.getString("next");
            assertBadRequest(get("/api/withdrawals?after=" + batchCursor), "after");
            assertBadRequest(get("/api/dry-run/batches?after=" + batchCursor), "after");
            assertBadRequest(get("/api/batches?after=abc"), "after");
        } finally {
            VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("delete from batch where id = any($1)")
                    .execute(Tuple.of((Object) ids.toArray(new Long[0]))).replaceWithVoid());
        }
    }

    @Test
    void aBadCursorIsRefusedWithTheReason() {
        String valid = list("sender=" + hex(sender) + "&size=1").getString("next");
        for (String bad : List.of("abc", "!!!", valid.substring(0, valid.length() - 4), valid + "AAAA",
                "A".repeat(400), java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[53]))) {
            Response r = get("/api/withdrawals?after=" + bad);
            assertBadRequest(r, "after");
            assertEquals("after must be the next cursor of an earlier answer of this list", detail(r));
        }
        Response both = get("/api/withdrawals?page=1&after=" + valid);
        assertBadRequest(both, "page and after");
        assertBadRequest(get("/api/withdrawals?size=0&after=" + valid), "size");
    }

    @Test
    void theDiagnosticAnchorIsOffUnlessAskedFor() {
        assertProblem(get("/api/diagnostics/withdrawal-rows/" + hex(h1) + "?chainId=" + TestWithdrawals.CHAIN), 404);
    }

    @Test
    void nonMatchingFiltersReturnNothing() {
        JsonPath wrongStatus = list("sender=" + hex(sender) + "&status=FINALIZED");
        assertEquals(0, wrongStatus.getLong("total"));
        assertEquals(List.of(), wrongStatus.getList("items"));
        JsonPath otherSender = list("sender=" + hex(random(20)));
        assertEquals(0, otherSender.getLong("total"));
        JsonPath targetY = list("target=" + hex(this.targetY) + "&status=WAITING_FOR_GAME");
        assertEquals(0, targetY.getLong("total"));
        // a target is not a sender
        JsonPath swapped = list("sender=" + hex(targetX));
        assertEquals(0, swapped.getLong("total"));
    }

    // ---- helpers

    static Response get(String path) {
        return given().urlEncodingEnabled(false).when().get(path).andReturn();
    }

    /** A list's answer (a 200) at this path, or the withdrawal list's with these parameters. */
    static JsonPath list(String query) {
        Response r = get(query.startsWith("/") ? query : "/api/withdrawals?" + query);
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    static String detail(Response r) {
        return JsonPath.from(r.asString()).getString("detail");
    }

    static void assertProblem(Response r, int status) {
        String body = r.asString();
        assertEquals(status, r.statusCode(), body);
        assertTrue(String.valueOf(r.contentType()).startsWith(PROBLEM), "content type " + r.contentType());
        assertFalse(body.contains("at io."), "stack trace in: " + body);
        assertFalse(body.contains("Exception"), "exception in: " + body);
        JsonPath json = JsonPath.from(body);
        assertEquals(status, json.getInt("status"));
        assertEquals(status == 404 ? "Not Found" : "Bad Request", json.getString("title"));
    }

    static void assertBadRequest(Response r, String parameter) {
        assertProblem(r, 400);
        String detail = detail(r);
        assertTrue(detail != null && detail.contains(parameter), "detail '" + detail + "' does not name " + parameter);
    }

    static String hex(byte[] b) {
        return Numeric.toHexString(b);
    }

    static byte[] random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return b;
    }

    WithdrawalEntity withdrawal(byte[] hash, byte[] txHash, int logIndex, long block, String status, byte[] target) {
        WithdrawalEntity w = new WithdrawalEntity();
        w.l2ChainId = io.opwb.testing.TestWithdrawals.CHAIN;
        w.withdrawalHash = hash;
        w.nonce = new BigDecimal(Numeric.toBigInt("0x0001000000000000000000000000000000000000000000000000000000000001"));
        w.sender = sender;
        w.target = target;
        w.valueWei = new BigDecimal("1000000000000000000000");
        w.gasLimit = BigDecimal.valueOf(100_000);
        w.data = new byte[] {(byte) 0xca, (byte) 0xfe};
        w.l2BlockNumber = block;
        w.l2BlockHash = random(32);
        w.l2TxHash = txHash;
        w.l2LogIndex = logIndex;
        w.status = io.opwb.storage.WithdrawalStatus.valueOf(status);
        return w;
    }
}
