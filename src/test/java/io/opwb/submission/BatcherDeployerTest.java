package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Create2;
import io.opwb.chain.RuntimeCode;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.testing.DevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * deploy-batcher on the devnet: the first run deploys through the deterministic-deployment proxy
 * and allows the operator; the second finds it all in place and sends nothing.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(DevnetTestResource.class)
class BatcherDeployerTest {

    /** Addresses no key of the devnet has: neither needs to sign here. */
    private static final String OPERATOR = "0x0000000000000000000000000000000000000b0b";
    private static final String OTHER_OWNER = "0x0000000000000000000000000000000000000a11";

    @Inject
    BatcherDeployer deployer;

    @Inject
    TxManager txManager;

    @Inject
    io.opwb.storage.Tx tx;

    @ConfigProperty(name = "opwb.chain.portal-address")
    String portal;

    @Test
    void deploysOnceThenFindsItAndSendsNothing() throws Exception {
        Web3j l1 = DevnetTestResource.devnet().l1();
        var request = new BatcherDeployer.Request(portal, txManager.sender(), List.of(OPERATOR));
        String predicted = deployer.predictedAddress(request);
        assertEquals(0, code(l1, predicted).length, "nothing there before the first run");
        assertEquals(predicted.toLowerCase(), proxyAnswer(l1, request), "the proxy's own answer is the predicted address");

        var first = deployer.deploy(request);
        assertEquals(predicted, first.address());
        assertTrue(first.deployedNow());
        assertNotNull(first.deployTxHash());
        assertEquals(Create2.DETERMINISTIC_DEPLOYER.toLowerCase(),
                l1.ethGetTransactionReceipt(first.deployTxHash()).send().getTransactionReceipt().orElseThrow().getTo(),
                "one transaction, to the proxy");
        assertEquals(java.util.Optional.empty(), RuntimeCode.of("WithdrawalBatcher").mismatch(code(l1, predicted)),
                "this build's runtime code, immutables aside");
        WithdrawalBatcher batcher = reader(l1, predicted);
        assertEquals(portal.toLowerCase(), batcher.portal().send().toLowerCase());
        assertEquals(txManager.sender().toLowerCase(), first.owner().toLowerCase());
        assertEquals(List.of(OPERATOR), first.operatorsSet());
        assertEquals(List.of(), first.operatorsOwnerMustSet());
        assertTrue(batcher.isOperator(OPERATOR).send(), "the operator is allowed on the chain");

        BigInteger nonce = nonce(l1, txManager.sender());
        BigInteger block = l1.ethBlockNumber().send().getBlockNumber();
        var second = deployer.deploy(request);
        assertEquals(predicted, second.address(), "same address");
        assertFalse(second.deployedNow());
        assertNull(second.deployTxHash());
        assertEquals(List.of(), second.operatorsSet(), "nothing set");
        assertEquals(List.of(), second.operatorsOwnerMustSet());
        assertEquals(nonce, nonce(l1, txManager.sender()), "the key's nonce is unchanged: nothing sent");
        assertEquals(block, l1.ethBlockNumber().send().getBlockNumber(), "no block mined: nothing sent by anyone");
    }

    @Test
    void anotherOwnerGetsAnotherAddressAndTheOwnerMustAllowTheOperators() throws Exception {
        var ours = new BatcherDeployer.Request(portal, txManager.sender(), List.of(OPERATOR));
        var theirs = new BatcherDeployer.Request(portal, OTHER_OWNER, List.of(OPERATOR));
        assertNotEquals(deployer.predictedAddress(ours), deployer.predictedAddress(theirs));

        var result = deployer.deploy(theirs);
        assertEquals(deployer.predictedAddress(theirs), result.address());
        assertTrue(result.deployedNow());
        assertEquals(OTHER_OWNER.toLowerCase(), result.owner().toLowerCase());
        assertEquals(List.of(), result.operatorsSet(), "our key is not the owner: it sends no setOperator");
        assertEquals(List.of(OPERATOR), result.operatorsOwnerMustSet());
        assertFalse(reader(DevnetTestResource.devnet().l1(), result.address()).isOperator(OPERATOR).send());
    }

    @Test
    void foreignCodeAtThePredictedAddressIsRefused() throws Exception {
        byte[] salt = Hash.sha3("foreign code".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var request = new BatcherDeployer.Request(portal, txManager.sender(), List.of(), salt);
        String address = deployer.predictedAddress(request);
        byte[] tampered = RuntimeCode.of("WithdrawalBatcher").code().clone();
        tampered[0] ^= 1; // the first byte is no immutable's
        DevnetTestResource.devnet().l1Rpc().setCode(address, Numeric.toHexString(tampered));

        var refused = assertThrows(IllegalStateException.class, () -> deployer.deploy(request));
        assertTrue(refused.getMessage().contains("is not this build's WithdrawalBatcher"), refused.getMessage());
    }

    @Test
    void ourCodeServingAnotherPortalIsRefused() throws Exception {
        byte[] salt = Hash.sha3("portal check".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var deployed = deployer.deploy(new BatcherDeployer.Request(portal, txManager.sender(), List.of(), salt));
        // The same runtime code, the devnet portal in its immutables, where a request for another portal looks.
        var otherPortal = new BatcherDeployer.Request(OTHER_OWNER, txManager.sender(), List.of(), salt);
        String address = deployer.predictedAddress(otherPortal);
        DevnetTestResource.devnet().l1Rpc().setCode(address,
                Numeric.toHexString(code(DevnetTestResource.devnet().l1(), deployed.address())));

        var refused = assertThrows(IllegalStateException.class, () -> deployer.deploy(otherPortal));
        assertTrue(refused.getMessage().contains("serves portal"), refused.getMessage());
    }

    @Test
    void aDeploymentRecordedButNeverSentIsSentFirstByTheNextRun() throws Exception {
        Web3j l1 = DevnetTestResource.devnet().l1();
        byte[] salt = Hash.sha3("crashed run".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var request = new BatcherDeployer.Request(portal, txManager.sender(), List.of(), salt);
        // A run that crashed between recording its transaction and broadcasting it.
        String data = Numeric.toHexString(Create2.proxyCalldata(salt, BatcherDeployer.initCode(request)));
        SignedTransaction recorded = txManager.sign(Create2.DETERMINISTIC_DEPLOYER, data, BigInteger.valueOf(4_000_000));
        tx.inTransaction(() -> txManager.record(recorded, null));
        assertEquals(BigInteger.valueOf(recorded.nonce()), nonce(l1, txManager.sender()), "not sent");

        var result = deployer.deploy(request);
        assertEquals(deployer.predictedAddress(request), result.address());
        assertTrue(l1.ethGetTransactionReceipt(recorded.hash()).send().getTransactionReceipt().orElseThrow().isStatusOK(),
                "the recorded transaction was sent and created the contract");
        assertFalse(result.deployedNow(), "found, created by the recorded transaction");
        assertEquals(BigInteger.valueOf(recorded.nonce() + 1), nonce(l1, txManager.sender()),
                "no nonce skipped, no second deployment sent");
    }

    private static String proxyAnswer(Web3j l1, BatcherDeployer.Request request) throws Exception {
        String data = Numeric.toHexString(Create2.proxyCalldata(request.salt(), BatcherDeployer.initCode(request)));
        return l1.ethCall(Transaction.createEthCallTransaction(null, Create2.DETERMINISTIC_DEPLOYER, data),
                DefaultBlockParameterName.LATEST).send().getValue().toLowerCase();
    }

    private static byte[] code(Web3j l1, String address) throws Exception {
        return Numeric.hexStringToByteArray(l1.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode());
    }

    private static BigInteger nonce(Web3j l1, String address) throws Exception {
        return l1.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send().getTransactionCount();
    }

    private static WithdrawalBatcher reader(Web3j l1, String address) {
        return WithdrawalBatcher.load(address, l1, new ReadonlyTransactionManager(l1, address), new DefaultGasProvider());
    }
}
