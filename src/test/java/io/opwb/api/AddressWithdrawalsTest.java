package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;
import io.opwb.storage.TokenMetadataStore;
import io.opwb.storage.Tx;
import io.opwb.storage.WithdrawalEntity;
import io.opwb.storage.WithdrawalParties;
import io.opwb.testing.PostgresTestResource;
import io.opwb.testing.TestWithdrawals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * GET /api/addresses/{address}/withdrawals on rows written directly, as rows indexed before V22 are: the
 * worker's fill decodes who they concern, then an address finds the withdrawals it sent on L2 or receives on
 * L1 (direct, message, bridge transfer), newest first, by cursor; a token's symbol and decimals, once
 * recorded, are joined into its transfers' views.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class AddressWithdrawalsTest {

    private static final SplittableRandom RANDOM = new SplittableRandom(22);
    private static final Web3j NO_NODE = Web3j.build(new HttpService("http://127.0.0.1:1"));
    private static final String L1_MESSENGER = "0x00000000000000000000000000000000000a2201";
    private static final String L1_BRIDGE = "0x00000000000000000000000000000000000a2202";

    @Inject
    Tx tx;

    @Inject
    WithdrawalParties parties;

    @Inject
    TokenMetadataStore tokens;

    @Test
    void anAddressFindsWhatItSentAndWhatItReceivesNewestFirst() {
        String sender = address(), target = address(), from = address(), to = address(), token = address(),
                messageSender = address(), messageTarget = address(), both = address();
        long block = 10_000_000 + RANDOM.nextInt(1_000_000);
        WithdrawalEntity direct = direct(block, sender, target);
        WithdrawalEntity transfer = row(block + 1, Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER,
                relay(Predeploys.L2_STANDARD_BRIDGE, L1_BRIDGE, bytes(bridge().finalizeBridgeERC20(token, address(), from,
                        to, BigInteger.valueOf(414), new byte[0]).encodeFunctionCall())));
        WithdrawalEntity message = row(block + 2, Predeploys.L2_CROSS_DOMAIN_MESSENGER, L1_MESSENGER,
                relay(messageSender, messageTarget, new byte[] {1, 2}));
        List<WithdrawalEntity> rows = new ArrayList<>(List.of(direct, transfer, message));
        for (int i = 0; i < 5; i++) {
            rows.add(direct(block + 10 + i, both, i == 2 ? both : address())); // one where it is both ends: listed once
        }
        tx.inTransaction(() -> Panache.getSession().chain(s -> s.persistAll(rows.toArray())));
        while (parties.fillSome(500).await().indefinitely() > 0) {
            // rows of other tests too: until none is left
        }

        assertEquals(List.of(hex(direct)), hashes(list(sender)), "the L2 sender");
        assertEquals(List.of(hex(direct)), hashes(list(target)), "the L1 target");
        assertEquals(List.of(hex(transfer)), hashes(list(from)), "a bridge transfer's from");
        assertEquals(List.of(hex(transfer)), hashes(list(to)), "a bridge transfer's to");
        assertEquals(List.of(hex(message)), hashes(list(messageSender)), "a message's sender");
        assertEquals(List.of(hex(message)), hashes(list(messageTarget)), "a message's target");
        assertEquals(List.of(), hashes(list(token)), "a token is no party");
        assertEquals(List.of(), hashes(list(address())));

        // Newest first, by cursor, each once.
        List<String> expected = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            expected.add(hex(rows.get(3 + i)));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().queryParam("size", 2);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonPath page = request.get("/api/addresses/" + both + "/withdrawals").then().statusCode(200).extract().jsonPath();
            assertEquals(2, page.getInt("size"));
            assertNull(page.get("page"));
            seen.addAll(page.getList("items.withdrawalHash"));
            after = page.getString("next");
            pages++;
        } while (after != null && pages < 10);
        assertEquals(expected, seen);
        assertEquals(3, pages);

        // The same view as a look-up: the progress line, and the token's metadata once recorded.
        JsonPath view = list(from);
        assertEquals("TOKEN_TRANSFER", view.getString("items[0].kind"));
        assertNull(view.get("items[0].transfer.symbol"), "not read yet: raw units");
        assertEquals("UNREAD", tokens.find(TestWithdrawals.CHAIN, Numeric.hexStringToByteArray(token)).await()
                .indefinitely().state(), "registered by the fill for the worker to read");
        tokens.recordKnown(TestWithdrawals.CHAIN, Numeric.hexStringToByteArray(token), "TKN", 6).await().indefinitely();
        view = list(to);
        assertEquals("TKN", view.getString("items[0].transfer.symbol"));
        assertEquals(6, view.getInt("items[0].transfer.decimals"));
        assertEquals("414", view.getString("items[0].transfer.amount"));
        assertEquals(List.of("INITIATED", "PROVEN", "MATURED", "FINALIZED"), view.getList("items[0].progress.steps.step"));
        assertEquals(List.of("DONE", "CURRENT", "EXPECTED", "EXPECTED"), view.getList("items[0].progress.steps.state"));
        assertTrue(view.getString("items[0].progress.waitingFor").contains("L2 block " + (block + 1)),
                view.getString("items[0].progress.waitingFor"));
        tokens.recordNoAnswer(TestWithdrawals.CHAIN, Numeric.hexStringToByteArray(token), "test").await().indefinitely();
        assertNull(list(to).get("items[0].transfer.symbol"), "a token that does not answer: raw units");
    }

    @Test
    void aMalformedAddressOrCursorIsRefusedSayingWhy() {
        given().get("/api/addresses/0x1234/withdrawals").then().statusCode(400)
                .body(Matchers.containsString("address must be 0x followed by 40 hex digits"));
        given().get("/api/addresses/" + address() + "/withdrawals?after=nonsense").then().statusCode(400)
                .body(Matchers.containsString("after must be the next cursor"));
        given().get("/api/addresses/" + address() + "/withdrawals?size=0").then().statusCode(400)
                .body(Matchers.containsString("size must be between"));
        given().get("/api/addresses/" + address() + "/withdrawals?chain=nowhere").then().statusCode(400)
                .body(Matchers.containsString("no chain named nowhere"));
    }

    private static JsonPath list(String address) {
        return given().get("/api/addresses/" + address + "/withdrawals").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> hashes(JsonPath page) {
        return page.getList("items.withdrawalHash");
    }

    private static String hex(WithdrawalEntity w) {
        return Numeric.toHexString(w.withdrawalHash);
    }

    private static String address() {
        byte[] a = new byte[20];
        RANDOM.nextBytes(a);
        return Numeric.toHexString(a);
    }

    private static WithdrawalEntity direct(long block, String sender, String target) {
        return row(block, sender, target, new byte[] {7});
    }

    private static WithdrawalEntity row(long block, String sender, String target, byte[] data) {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        WithdrawalEntity w = TestWithdrawals.row(hash);
        w.l2BlockNumber = block;
        w.sender = Numeric.hexStringToByteArray(sender);
        w.target = Numeric.hexStringToByteArray(target);
        w.data = data;
        return w;
    }

    private static L1StandardBridge bridge() {
        return L1StandardBridge.load(L1_BRIDGE, NO_NODE, new ReadonlyTransactionManager(NO_NODE, L1_BRIDGE),
                new DefaultGasProvider());
    }

    private static byte[] relay(String sender, String target, byte[] message) {
        L1CrossDomainMessenger messenger = L1CrossDomainMessenger.load(L1_MESSENGER, NO_NODE,
                new ReadonlyTransactionManager(NO_NODE, L1_MESSENGER), new DefaultGasProvider());
        return bytes(messenger.relayMessage(BigInteger.ONE, sender, target, BigInteger.ZERO, BigInteger.valueOf(200_000),
                message, BigInteger.ZERO).encodeFunctionCall());
    }

    private static byte[] bytes(String hex) {
        return Numeric.hexStringToByteArray(hex);
    }
}
