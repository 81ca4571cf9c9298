package io.opwb.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.opwb.devnet.InitiatedWithdrawal;
import io.restassured.path.json.JsonPath;

/** Waits, through the API, for withdrawals to reach a status. */
public final class StatusPolling {

    private StatusPolling() {
    }

    /** Polls {@code /api/withdrawals?status=} every second; fails naming one laggard and its reason. */
    public static void awaitStatus(List<InitiatedWithdrawal> withdrawals, String status, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> pending = new HashSet<>();
        withdrawals.forEach(w -> pending.add(w.transaction().hashHex()));
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            List<String> done = given().queryParam("status", status).queryParam("size", 500).get("/api/withdrawals")
                    .then().statusCode(200).extract().jsonPath().getList("items.withdrawalHash");
            pending.removeAll(done);
            if (!pending.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        if (!pending.isEmpty()) {
            String sample = pending.iterator().next();
            JsonPath w = given().get("/api/withdrawals/" + sample).then().extract().jsonPath();
            throw new AssertionError(pending.size() + " withdrawals not " + status + " in time; e.g. " + sample + ": "
                    + w.getString("status") + " / " + w.getString("reason"));
        }
    }

    /** Polls each withdrawal until it has this status with a reason containing {@code reasonPart}. */
    public static void awaitReason(List<InitiatedWithdrawal> withdrawals, String status, String reasonPart,
            Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Set<String> pending = new HashSet<>();
        withdrawals.forEach(w -> pending.add(w.transaction().hashHex()));
        String last = null;
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (String hash : List.copyOf(pending)) {
                JsonPath w = given().get("/api/withdrawals/" + hash).then().extract().jsonPath();
                last = hash + ": " + w.getString("status") + " / " + w.getString("reason");
                if (status.equals(w.getString("status")) && w.getString("reason") != null
                        && w.getString("reason").contains(reasonPart)) {
                    pending.remove(hash);
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        if (!pending.isEmpty()) {
            throw new AssertionError(pending.size() + " withdrawals not " + status + " with a reason containing \""
                    + reasonPart + "\" in time; last seen " + last);
        }
    }
}
