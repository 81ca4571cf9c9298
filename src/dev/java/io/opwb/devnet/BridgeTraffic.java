package io.opwb.devnet;

import java.math.BigInteger;
import java.util.List;

import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L2CrossDomainMessenger;
import io.opwb.chain.contracts.L2StandardBridge;

/**
 * Withdrawals as most users make them: through the L2 standard bridge (ETH, or the bridged token)
 * and through the L2 messenger (any message to an L1 contract), from the devnet's L2 user.
 */
public final class BridgeTraffic {

    /** The gas the bridges ask the other side's call to get (what wallets send by default). */
    public static final BigInteger MIN_GAS_LIMIT = BigInteger.valueOf(200_000);

    private final DevnetSigner l2User;
    private final BridgeDeployment bridges;
    private final ImpersonatingDepositRelayer deposits;
    private final L2StandardBridge bridge;
    private final L2CrossDomainMessenger messenger;

    BridgeTraffic(DevnetSigner l2User, BridgeDeployment bridges, ImpersonatingDepositRelayer deposits) {
        this.l2User = l2User;
        this.bridges = bridges;
        this.deposits = deposits;
        var readOnly = new ReadonlyTransactionManager(l2User.web3j(), l2User.address());
        this.bridge = L2StandardBridge.load(Predeploys.L2_STANDARD_BRIDGE, l2User.web3j(), readOnly,
                new DefaultGasProvider());
        this.messenger = L2CrossDomainMessenger.load(Predeploys.L2_CROSS_DOMAIN_MESSENGER, l2User.web3j(), readOnly,
                new DefaultGasProvider());
    }

    public BridgeDeployment bridges() {
        return bridges;
    }

    public String sender() {
        return l2User.address();
    }

    /** Gives the L2 user {@code amount} of the L2 token (a deposit from L1, relayed). */
    public void fundToken(BigInteger amount) throws Exception {
        deposits.depositToken(l2User.address(), amount);
    }

    /** ETH to {@code to} on L1 through the standard bridge. */
    public InitiatedWithdrawal withdrawEth(String to, BigInteger wei) {
        return one(Predeploys.L2_STANDARD_BRIDGE,
                bridge.bridgeETHTo(to, MIN_GAS_LIMIT, new byte[0], wei).encodeFunctionCall(), wei);
    }

    /** The bridged token to {@code to} on L1 (burnt on L2, released from the L1 bridge's escrow). */
    public InitiatedWithdrawal withdrawToken(String to, BigInteger amount) {
        return one(Predeploys.L2_STANDARD_BRIDGE, bridge.withdrawTo(bridges.l2Token(), to, amount, MIN_GAS_LIMIT,
                new byte[0], BigInteger.ZERO).encodeFunctionCall(), BigInteger.ZERO);
    }

    /** A message to an L1 contract through the messenger, with {@code wei} attached. */
    public InitiatedWithdrawal sendMessage(String l1Target, byte[] message, BigInteger wei) {
        return one(Predeploys.L2_CROSS_DOMAIN_MESSENGER,
                messenger.sendMessage(l1Target, message, MIN_GAS_LIMIT, wei).encodeFunctionCall(), wei);
    }

    private InitiatedWithdrawal one(String to, String data, BigInteger value) {
        List<InitiatedWithdrawal> initiated = TrafficGenerator.parse(l2User.send(to, data, value));
        if (initiated.size() != 1) {
            throw new IllegalStateException("expected one withdrawal, the transaction made " + initiated.size());
        }
        return initiated.get(0);
    }
}
