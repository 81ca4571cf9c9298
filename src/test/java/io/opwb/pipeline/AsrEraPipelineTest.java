package io.opwb.pipeline;

import static io.opwb.testing.StatusPolling.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import io.opwb.chain.Chains;
import io.opwb.chain.RevertReasons;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.StandInAnchorStateRegistry;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.DevnetSigner;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.storage.DisputeGameEntity;
import io.opwb.storage.Tx;
import io.opwb.testing.AsrEraDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service against the ASR era STAND-IN flavour of the devnet (our stand-ins for OptimismPortal2
 * 5.6.1, the AnchorStateRegistry 3.9.0 and the ETHLockbox, written from the public specs; the real
 * 0.17.3 factory). The service finds the registry by asking the portal, and withdrawals are proven
 * and finalized in batches through our contract, paid from the lockbox; a change of the respected
 * game type leaves a proof made before it finalizable, with no second proof; and at the end the
 * chain's own view ({@code checkWithdrawal}) agrees with every status.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(AsrEraDevnetTestResource.class)
class AsrEraPipelineTest {

    private static final BigInteger VALUE = new BigInteger("20000000000000000");

    @Inject
    Chains chains;
    @Inject
    Tx tx;

    @Test
    void withdrawalsAreProvenAndFinalizedUnderTheRegistrysRulesAndATypeChangeForcesNoReprove() throws Exception {
        Devnet devnet = AsrEraDevnetTestResource.asrEraDevnet();
        String registry = devnet.deployment().asrEra().anchorStateRegistry();
        String lockbox = devnet.deployment().asrEra().ethLockbox();
        assertEquals(registry.toLowerCase(), chains.primary().contracts().anchorStateRegistry().orElseThrow().toLowerCase(),
                "the registry, as the portal names it");

        List<WithdrawalRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(WithdrawalRequest.eth(String.format("0x%040x", 0xa5e0L + i), VALUE));
        }
        BigInteger lockboxBefore = balance(devnet, lockbox);
        List<InitiatedWithdrawal> first = devnet.traffic().initiateInOneBlock(requests);
        awaitStatus(first, "PROVEN_MATURING", Duration.ofMinutes(3));

        // The guardian makes another game type the respected one while our proofs mature: under the
        // registry's rules a proof against a game respected when it was created stays valid.
        DevnetSigner guardian = new DevnetSigner(devnet.l1(), DevnetAccounts.deployer(), DevnetOptions.L1_CHAIN_ID);
        var asr = StandInAnchorStateRegistry.load(registry, devnet.l1(), guardian.transactionManager(),
                guardian.deployGasProvider());
        BigInteger respected = asr.respectedGameType().send();
        guardian.send(registry, asr.setRespectedGameType(respected.add(BigInteger.valueOf(100))).encodeFunctionCall(),
                BigInteger.ZERO);
        try {
            awaitStatus(first, "FINALIZED", Duration.ofMinutes(3));
        } finally {
            guardian.send(registry, asr.setRespectedGameType(respected).encodeFunctionCall(), BigInteger.ZERO);
        }

        OptimismPortal2 portal = devnet.portalReader();
        BigInteger paid = BigInteger.ZERO;
        Map<String, Long> proofsByUs = proofsByOurBatcher(devnet);
        for (InitiatedWithdrawal w : first) {
            assertTrue(portal.finalizedWithdrawals(w.transaction().hash()).send(), "finalized: " + w);
            assertEquals(VALUE, balance(devnet, w.transaction().target()), "paid: " + w);
            assertEquals(1L, proofsByUs.getOrDefault(w.transaction().hashHex(), 0L), "one proof of ours, none repeated: " + w);
            paid = paid.add(VALUE);
        }
        assertEquals(lockboxBefore.subtract(paid), balance(devnet, lockbox), "paid from the lockbox");

        // The chain's own view agrees with our statuses: each is finalized there.
        String alreadyFinalized = RevertReasons.selectorOf("OptimismPortal_AlreadyFinalized()");
        for (InitiatedWithdrawal w : first) {
            assertEquals("FINALIZED", given().get("/api/withdrawals/" + w.transaction().hashHex()).then().statusCode(200)
                    .extract().jsonPath().getString("status"));
            assertEquals(alreadyFinalized, RevertReasons.selector(io.opwb.testing.ChainViews.checkWithdrawal(devnet, w,
                    devnet.deployment().withdrawalBatcher())), "checkWithdrawal of " + w);
        }
        io.opwb.testing.ChainViews.assertStatusesAgree(devnet, first);
        // The games as the registry judged them at their creation.
        List<DisputeGameEntity> games = tx.read(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "from DisputeGameEntity", DisputeGameEntity.class).getResultList()));
        assertTrue(games.stream().anyMatch(g -> Boolean.TRUE.equals(g.respectedWhenCreated)), "respected games indexed");
    }

    private static Map<String, Long> proofsByOurBatcher(Devnet devnet) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST,
                devnet.deployment().optimismPortal());
        filter.addSingleTopic(EventEncoder.encode(OptimismPortal2.WITHDRAWALPROVENEXTENSION1_EVENT));
        filter.addNullTopic();
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(
                Numeric.toBigInt(devnet.deployment().withdrawalBatcher()), 64));
        Map<String, Long> counts = new java.util.HashMap<>();
        for (var r : devnet.l1().ethGetLogs(filter).send().getLogs()) {
            counts.merge(((Log) r.get()).getTopics().get(1), 1L, Long::sum);
        }
        return counts;
    }

    private static BigInteger balance(Devnet devnet, String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }
}
