package io.opwb.devnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.opwb.chain.WithdrawalTransaction;
import io.opwb.chain.contracts.OptimismPortal2;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.proof.StorageProofs;

/**
 * The devnet is real: one withdrawal initiated on L2 is proven with a plain web3j call to the real
 * OptimismPortal2 against a game for its block, the game resolves, time passes, and the withdrawal
 * is finalized; the L1 chain itself says so, and the target holds the value.
 */
class DevnetFinalizeTest {

    private static Devnet devnet;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(DevnetOptions.forTests());
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    @Test
    void withdrawalIsProvenResolvedAndFinalizedOnTheRealPortal() throws Exception {
        String target = "0x00000000000000000000000000000000000beef1";
        BigInteger value = new BigInteger("1500000000000000000");
        InitiatedWithdrawal initiated = devnet.traffic().initiate(WithdrawalRequest.eth(target, value));
        WithdrawalTransaction tx = initiated.transaction();
        byte[] hash = tx.hash();
        assertArrayEquals(initiated.eventHash(), hash);

        Proposer.ProposedGame game = devnet.proposer().propose(initiated.l2BlockNumber());
        devnet.warpL1(1); // a proof in the game's own second could never be finalized

        OptimismPortal2 portal = portalAs(DevnetAccounts.service().getAddress());
        StorageProofs.Result proofs = new StorageProofs(devnet.l2()).at(game.l2BlockNumber(), List.of(tx.storageSlot()));
        assertArrayEquals(game.outputRoot().messagePasserStorageRoot(), proofs.storageRoot());
        portal.proveWithdrawalTransaction(tx.toPortalStruct(), game.index(), game.outputRoot().toProofStruct(),
                proofs.forSlot(tx.storageSlot()).nodes()).send();

        var proven = portal.provenWithdrawals(hash, DevnetAccounts.service().getAddress()).send();
        assertEquals(game.address().toLowerCase(), proven.component1().toLowerCase());
        assertTrue(proven.component2().signum() > 0, "proof timestamp recorded");

        // Not yet: the proof has not matured and the game has not resolved.
        assertThrows(Exception.class, () -> portal.finalizeWithdrawalTransaction(tx.toPortalStruct()).send());
        assertFalse(portal.finalizedWithdrawals(hash).send());

        DevnetClocks clocks = devnet.options().clocks();
        devnet.warpL1(clocks.maxClockDuration() + 1);
        assertEquals(List.of(game.address()), devnet.resolver().resolveExpired());
        PermissionedDisputeGame resolved = PermissionedDisputeGame.load(game.address(), devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), game.address()), new DefaultGasProvider());
        assertEquals(BigInteger.TWO, resolved.status().send(), "DEFENDER_WINS");

        devnet.warpL1(Math.max(clocks.proofMaturityDelay(), clocks.disputeGameFinalityDelay()) + 1);
        BigInteger before = balance(target);
        portal.finalizeWithdrawalTransaction(tx.toPortalStruct()).send();

        assertTrue(devnet.portalReader().finalizedWithdrawals(hash).send());
        assertEquals(before.add(value), balance(target));
    }

    private OptimismPortal2 portalAs(String expectedAddress) {
        var credentials = DevnetAccounts.service();
        assertEquals(expectedAddress, credentials.getAddress());
        var tm = new RawTransactionManager(devnet.l1(), credentials, DevnetOptions.L1_CHAIN_ID,
                new PollingTransactionReceiptProcessor(devnet.l1(), 50, 400));
        var gas = new StaticEIP1559GasProvider(DevnetOptions.L1_CHAIN_ID, BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(1_000_000));
        return OptimismPortal2.load(devnet.deployment().optimismPortal(), devnet.l1(), tm, gas);
    }

    private BigInteger balance(String address) throws Exception {
        return devnet.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }
}
