package io.opwb.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.RevertReasons;
import io.opwb.chain.contracts.OpPortalViews;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.restassured.path.json.JsonPath;

/**
 * Our statuses against the chain's own view of each withdrawal: the portal's
 * {@code checkWithdrawal(hash, submitter)} (3.10.0 answers with revert strings, 4.x+ with custom
 * errors) and {@code finalizedWithdrawals}. Finalized ones: the portal says already finalized;
 * ready to finalize: it passes; every other status: it refuses.
 */
public final class ChainViews {

    private static final Set<String> FINALIZED = Set.of("FINALIZED", "FINALIZED_FAILED_CALL");

    private ChainViews() {
    }

    public static void assertStatusesAgree(Devnet devnet, List<InitiatedWithdrawal> withdrawals) throws Exception {
        var reader = devnet.portalReader();
        for (InitiatedWithdrawal w : withdrawals) {
            String hash = w.transaction().hashHex();
            JsonPath view = given().get("/api/withdrawals/" + hash).then().statusCode(200).extract().jsonPath();
            String status = view.getString("status");
            String submitter = view.getString("proofSubmitter") != null ? view.getString("proofSubmitter")
                    : devnet.deployment().withdrawalBatcher();
            String revertData = checkWithdrawal(devnet, w, submitter);
            String verdict = revertData == null ? "passes" : RevertReasons.describe(revertData);
            boolean finalizedOnChain = reader.finalizedWithdrawals(w.transaction().hash()).send();
            String what = hash + " is " + status + "; the portal's checkWithdrawal: " + verdict;
            assertEquals(FINALIZED.contains(status), finalizedOnChain, "finalizedWithdrawals: " + what);
            if (FINALIZED.contains(status)) {
                assertTrue(verdict.toLowerCase().contains("finalized"), what);
            } else if ("READY_TO_FINALIZE".equals(status)) {
                assertEquals("passes", verdict, what);
            } else {
                assertTrue(!"passes".equals(verdict), what);
            }
        }
    }

    /** The revert data of the portal's {@code checkWithdrawal(hash, submitter)} (hex), or null when it passes. */
    public static String checkWithdrawal(Devnet devnet, InitiatedWithdrawal w, String submitter) throws Exception {
        String portal = devnet.deployment().optimismPortal();
        var views = OpPortalViews.load(portal, devnet.l1(), new ReadonlyTransactionManager(devnet.l1(), portal),
                new DefaultGasProvider());
        var result = devnet.l1().ethCall(Transaction.createEthCallTransaction(portal, portal,
                views.checkWithdrawal(w.transaction().hash(), submitter).encodeFunctionCall()),
                DefaultBlockParameterName.LATEST).send();
        return result.hasError() ? String.valueOf(result.getError().getData()).replace("\"", "") : null;
    }
}
