package io.opwb.devnet;

import java.math.BigInteger;
import java.util.List;

import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.DevnetERC20;
import io.opwb.chain.contracts.L1CrossDomainMessenger;
import io.opwb.chain.contracts.L1StandardBridge;
import io.opwb.chain.contracts.L2CrossDomainMessenger;

/**
 * Bridges the devnet's token L1 → L2 so that there is something to withdraw. The L1 half is real
 * (the standard bridge escrows the tokens and the messenger sends the message through the
 * portal). The L2 half stands in for op-node, which does not run here: it relays the message by
 * impersonating the L1 messenger's L2 alias on anvil, which is what a deposit transaction does.
 */
public final class ImpersonatingDepositRelayer {

    /** AddressAliasHelper's offset: an L1 contract's address plus this is its sender on L2. */
    private static final BigInteger ALIAS_OFFSET = Numeric.toBigInt("0x1111000000000000000000000000000000001111");
    private static final BigInteger ADDRESS_SPACE = BigInteger.TWO.pow(160);

    private final DevnetSigner l1User;
    private final org.web3j.protocol.Web3j l2;
    private final AnvilRpc l2Rpc;
    private final BridgeDeployment bridges;

    ImpersonatingDepositRelayer(DevnetSigner l1User, org.web3j.protocol.Web3j l2, AnvilRpc l2Rpc,
            BridgeDeployment bridges) {
        this.l1User = l1User;
        this.l2 = l2;
        this.l2Rpc = l2Rpc;
        this.bridges = bridges;
    }

    /** Mints {@code amount} of the L1 token to the L1 user, deposits it to {@code to} on L2, and relays it there. */
    public synchronized void depositToken(String to, BigInteger amount) throws Exception {
        var web3j = l1User.web3j();
        var tm = l1User.transactionManager();
        var gas = l1User.deployGasProvider();
        DevnetERC20 token = DevnetERC20.load(bridges.l1Token(), web3j, tm, gas);
        token.mint(l1User.address(), amount).send();
        token.approve(bridges.l1StandardBridge(), amount).send();
        TransactionReceipt deposit = L1StandardBridge.load(bridges.l1StandardBridge(), web3j, tm, gas)
                .depositERC20To(bridges.l1Token(), bridges.l2Token(), to, amount, BigInteger.valueOf(200_000), new byte[0])
                .send();
        List<L1CrossDomainMessenger.SentMessageEventResponse> sent = L1CrossDomainMessenger.getSentMessageEvents(deposit);
        if (sent.size() != 1) {
            throw new IllegalStateException("the L1 deposit sent " + sent.size() + " messages");
        }
        var message = sent.get(0);
        String relayData = L2CrossDomainMessenger.load(Predeploys.L2_CROSS_DOMAIN_MESSENGER, l2,
                new ReadonlyTransactionManager(l2, to), new DefaultGasProvider())
                .relayMessage(message.messageNonce, message.sender, message.target, BigInteger.ZERO, message.gasLimit,
                        message.message, BigInteger.ZERO).encodeFunctionCall();
        String alias = alias(bridges.l1CrossDomainMessenger());
        l2Rpc.impersonate(alias, true);
        try {
            l2Rpc.setBalance(alias, BigInteger.TEN.pow(18));
            EthSendTransaction tx = l2.ethSendTransaction(Transaction.createFunctionCallTransaction(alias, null, null,
                    BigInteger.valueOf(1_000_000), Predeploys.L2_CROSS_DOMAIN_MESSENGER, BigInteger.ZERO, relayData))
                    .send();
            if (tx.hasError()) {
                throw new IllegalStateException("relaying the deposit on L2 failed: " + tx.getError().getMessage());
            }
            TransactionReceipt relayed = new DevnetSigner(l2, DevnetAccounts.deployer(), DevnetOptions.L2_CHAIN_ID)
                    .awaitReceipt(tx.getTransactionHash());
            if (L2CrossDomainMessenger.getRelayedMessageEvents(relayed).isEmpty()) {
                throw new IllegalStateException("the L2 messenger did not relay the deposit: " + relayed.getLogs());
            }
        } finally {
            l2Rpc.impersonate(alias, false);
        }
    }

    static String alias(String l1Address) {
        return Numeric.toHexStringWithPrefixZeroPadded(
                Numeric.toBigInt(l1Address).add(ALIAS_OFFSET).mod(ADDRESS_SPACE), 40);
    }
}
