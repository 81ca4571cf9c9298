package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.contracts.L2ToL1MessagePasser;
import io.opwb.chain.contracts.PermissionedDisputeGame;
import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;
import io.opwb.devnet.WithdrawalRequest;

/**
 * Our withdrawal hashing and output-root computation give what the chain itself reports: the
 * {@code MessagePassed.withdrawalHash}, the message passer's {@code sentMessages} slot, and the
 * dispute game's {@code rootClaim} as the proposer's L2 node computed it.
 */
class ChainComputationsAgainstDevnetTest {

    private static Devnet devnet;
    private static List<InitiatedWithdrawal> initiated;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(DevnetOptions.forTests());
        initiated = devnet.traffic().initiate(List.of(
                WithdrawalRequest.eth("0x1111111111111111111111111111111111111111", BigInteger.ONE),
                new WithdrawalRequest("0x2222222222222222222222222222222222222222", BigInteger.ZERO,
                        BigInteger.valueOf(250_000), Numeric.hexStringToByteArray("0xdeadbeef00112233")),
                new WithdrawalRequest("0x3333333333333333333333333333333333333333", new BigInteger("123456789012345678"),
                        BigInteger.valueOf(21_000), new byte[100])));
        initiated = new java.util.ArrayList<>(initiated);
        initiated.addAll(devnet.traffic().initiateInOneBlock(List.of(
                WithdrawalRequest.eth("0x4444444444444444444444444444444444444444", BigInteger.TWO),
                WithdrawalRequest.eth("0x5555555555555555555555555555555555555555", BigInteger.TEN))));
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    @Test
    void withdrawalHashEqualsTheEventsHash() {
        assertEquals(5, initiated.size());
        for (InitiatedWithdrawal w : initiated) {
            assertArrayEquals(w.eventHash(), w.transaction().hash(), w.transaction().toString());
        }
        // Nonces carry version 1 in their top two bytes and count up from 0.
        assertEquals(BigInteger.ONE.shiftLeft(240), initiated.get(0).transaction().nonce());
        assertEquals(initiated.get(3).l2BlockNumber(), initiated.get(4).l2BlockNumber(), "same block");
    }

    /** opwb.indexing.lookback's start: the first L1 block within the lookback of the head, by the node's timestamps. */
    @Test
    void theFirstBlockWithinALookbackIsFoundByTimestamps() throws Exception {
        var l1 = devnet.l1();
        for (int i = 0; i < 6; i++) {
            devnet.warpL1(100); // blocks 100 s apart
        }
        var head = l1.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send().getBlock();
        long first = io.opwb.indexing.StartBlockSearch.lookingBack(l1, 250);
        long since = head.getTimestamp().longValueExact() - 250;
        assertTrue(timestamp(first) >= since, "within the lookback");
        assertTrue(first == 0 || timestamp(first - 1) < since, "and the first such block");
        assertTrue(first < head.getNumber().longValueExact() && first > 0, "from the middle of the chain: " + first);
    }

    private static long timestamp(long block) throws java.io.IOException {
        return devnet.l1().ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                BigInteger.valueOf(block)), false).send().getBlock().getTimestamp().longValueExact();
    }

    @Test
    void anyChangedFieldChangesTheHash() {
        WithdrawalTransaction tx = initiated.get(1).transaction();
        byte[] hash = tx.hash();
        var changed = List.of(
                new WithdrawalTransaction(tx.nonce().add(BigInteger.ONE), tx.sender(), tx.target(), tx.value(), tx.gasLimit(), tx.data()),
                new WithdrawalTransaction(tx.nonce(), tx.target(), tx.target(), tx.value(), tx.gasLimit(), tx.data()),
                new WithdrawalTransaction(tx.nonce(), tx.sender(), tx.sender(), tx.value(), tx.gasLimit(), tx.data()),
                new WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), BigInteger.ONE, tx.gasLimit(), tx.data()),
                new WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), tx.value(), tx.gasLimit().add(BigInteger.ONE), tx.data()),
                new WithdrawalTransaction(tx.nonce(), tx.sender(), tx.target(), tx.value(), tx.gasLimit(), new byte[0]));
        for (WithdrawalTransaction other : changed) {
            assertFalse(Arrays.equals(hash, other.hash()), other.toString());
        }
    }

    @Test
    void storageSlotHoldsTrueInTheMessagePasser() throws Exception {
        L2ToL1MessagePasser passer = L2ToL1MessagePasser.load(Predeploys.L2_TO_L1_MESSAGE_PASSER, devnet.l2(),
                new ReadonlyTransactionManager(devnet.l2(), Predeploys.L2_TO_L1_MESSAGE_PASSER), new DefaultGasProvider());
        for (InitiatedWithdrawal w : initiated) {
            assertTrue(passer.sentMessages(w.transaction().hash()).send());
            String stored = devnet.l2().ethGetStorageAt(Predeploys.L2_TO_L1_MESSAGE_PASSER,
                    Numeric.toBigInt(w.transaction().storageSlot()), DefaultBlockParameter.valueOf(w.l2BlockNumber()))
                    .send().getData();
            assertEquals(BigInteger.ONE, Numeric.toBigInt(stored));
        }
    }

    @Test
    void outputRootEqualsTheGamesRootClaim() throws Exception {
        BigInteger block = initiated.get(4).l2BlockNumber();
        Proposer.ProposedGame proposed = devnet.proposer().propose(block);
        PermissionedDisputeGame game = PermissionedDisputeGame.load(proposed.address(), devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), proposed.address()), new DefaultGasProvider());
        assertEquals(block, game.l2BlockNumber().send());

        OutputRoot ours = new OutputRootReader(devnet.l2()).at(block);
        assertArrayEquals(game.rootClaim().send(), ours.root());
        // The header's state root and hash are in it: another block gives another root.
        assertFalse(Arrays.equals(ours.root(), new OutputRootReader(devnet.l2()).at(block.subtract(BigInteger.ONE)).root()));
    }
}
