package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.DevnetERC20;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.OptimismMintableERC20;
import io.opwb.chain.contracts.WithdrawalBatcher;
import io.opwb.devnet.BridgeDeployment;
import io.opwb.devnet.DevnetAccounts;
import io.opwb.devnet.DevnetOptions;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.Proposer;

/**
 * The devnet's messenger and standard bridge with the real contracts on both chains: ETH and the
 * bridged token withdrawn through the L2 bridge, and a message whose L1 call fails, all proven and
 * finalized by our batcher; credited on L1; the failed message replayed by anyone afterwards.
 */
class BridgeWithdrawalsTest extends DevnetContractTest {

    private static final String REVERTING_CODE = "0x60006000fd";

    @Test
    void ethTokenAndAFailingMessageGoThroughOurBatchesAndTheFailedMessageIsReplayable() throws Exception {
        BridgeDeployment b = devnet.bridgeTraffic().bridges();
        BigInteger tokens = BigInteger.TEN.pow(20);
        devnet.bridgeTraffic().fundToken(tokens);
        var l2Token = OptimismMintableERC20.load(b.l2Token(), devnet.l2(),
                new ReadonlyTransactionManager(devnet.l2(), b.l2Token()), new DefaultGasProvider());
        assertEquals(tokens, l2Token.balanceOf(devnet.bridgeTraffic().sender()).send(), "deposit relayed on L2");

        String ethTo = "0x00000000000000000000000000000000000e7401";
        String tokenTo = "0x00000000000000000000000000000000000e7402";
        String failingTarget = "0x00000000000000000000000000000000000e7403";
        devnet.l1Rpc().setCode(failingTarget, REVERTING_CODE);
        BigInteger eth = new BigInteger("250000000000000000");
        BigInteger amount = new BigInteger("40000000000000000000");
        BigInteger messageValue = new BigInteger("30000000000000000");
        InitiatedWithdrawal ethWithdrawal = devnet.bridgeTraffic().withdrawEth(ethTo, eth);
        InitiatedWithdrawal tokenWithdrawal = devnet.bridgeTraffic().withdrawToken(tokenTo, amount);
        InitiatedWithdrawal failing = devnet.bridgeTraffic().sendMessage(failingTarget, new byte[] {1, 2, 3}, messageValue);
        List<WithdrawalTransaction> txs = List.of(ethWithdrawal.transaction(), tokenWithdrawal.transaction(),
                failing.transaction());
        for (WithdrawalTransaction tx : txs) {
            assertEquals(b.l1CrossDomainMessenger().toLowerCase(), tx.target().toLowerCase(), "to the L1 messenger");
        }
        assertEquals(amount, tokens.subtract(l2Token.balanceOf(devnet.bridgeTraffic().sender()).send()), "burnt on L2");

        Proposer.ProposedGame game = fx.propose(devnet.l2().ethBlockNumber().send().getBlockNumber());
        TransactionReceipt proven = fx.proveBatch(game, fx.proveBatchFor(game.l2BlockNumber(), txs));
        fx.records(proven, true, txs).forEach(r -> assertEquals(WithdrawalBatcherFixture.DONE, r.outcome(), "proven"));
        fx.resolveAndMature(game);
        TransactionReceipt finalized = fx.batcherAs(DevnetAccounts.service()).finalizeBatch(txs.stream()
                .map(tx -> WithdrawalBatcherFixture.finalizeItem(tx, fx.batcherAddress())).toList()).send();
        fx.records(finalized, false, txs).forEach(r -> assertEquals(WithdrawalBatcherFixture.DONE, r.outcome(), "finalized"));

        assertEquals(eth, fx.balance(ethTo), "ETH credited on L1");
        var l1Token = DevnetERC20.load(b.l1Token(), devnet.l1(), new ReadonlyTransactionManager(devnet.l1(), b.l1Token()),
                new DefaultGasProvider());
        assertEquals(amount, l1Token.balanceOf(tokenTo).send(), "token released from the L1 bridge's escrow");

        // The failing message: finalized on the portal, recorded as failed by the messenger, value kept there.
        var l1Messenger = L1CrossDomainMessenger.load(b.l1CrossDomainMessenger(), devnet.l1(),
                new ReadonlyTransactionManager(devnet.l1(), b.l1CrossDomainMessenger()), new DefaultGasProvider());
        byte[] messageHash = Hash.sha3(failing.transaction().data());
        assertTrue(fx.finalized(failing.transaction()));
        assertTrue(l1Messenger.failedMessages(messageHash).send(), "the messenger recorded the message as failed");
        assertFalse(l1Messenger.successfulMessages(messageHash).send());
        assertEquals(1, L1CrossDomainMessenger.getFailedRelayedMessageEvents(finalized).size());

        // Anyone replays it once the target accepts: the withdrawal's data is the relayMessage call itself.
        devnet.l1Rpc().setCode(failingTarget, "0x00");
        var relayer = new io.opwb.devnet.DevnetSigner(devnet.l1(), DevnetAccounts.otherRelayer(), DevnetOptions.L1_CHAIN_ID);
        // With gas to spare: an estimate finds the gas at which the messenger records a failure instead of reverting.
        relayer.awaitReceipt(relayer.submitWithoutWaiting(b.l1CrossDomainMessenger(),
                org.web3j.utils.Numeric.toHexString(failing.transaction().data()), BigInteger.ZERO,
                BigInteger.valueOf(1_000_000)));
        assertTrue(l1Messenger.successfulMessages(messageHash).send(), "replayed");
        assertEquals(messageValue, fx.balance(failingTarget), "the message's value reached its target");
    }
}
