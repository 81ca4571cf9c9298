package io.opwb.devnet;

import java.math.BigInteger;

import org.jboss.logging.Logger;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.tx.Contract;

import io.opwb.chain.Predeploys;
import io.opwb.chain.contracts.L1Block;
import io.opwb.chain.contracts.L2CrossDomainMessenger;
import io.opwb.chain.contracts.L2StandardBridge;
import io.opwb.chain.contracts.OptimismMintableERC20;

/**
 * The L2 side of the messenger and the standard bridge: the real contracts' runtime code put at
 * their predeploy addresses (as the message passer's), then initialised to point at their L1
 * peers, as an OP chain's genesis has them; and the L2 token of the bridged pair.
 */
final class L2Bridges {

    private static final Logger LOG = Logger.getLogger(L2Bridges.class);

    private final DevnetSigner deployer;
    private final AnvilRpc l2Rpc;

    L2Bridges(DevnetSigner deployer, AnvilRpc l2Rpc) {
        this.deployer = deployer;
        this.l2Rpc = l2Rpc;
    }

    /** @param l1 messenger, bridge and token on L1 (from {@link L1Deployer#deployBridges}) */
    BridgeDeployment install(String[] l1) throws Exception {
        var web3j = deployer.web3j();
        var tm = deployer.transactionManager();
        var gas = deployer.deployGasProvider();
        // The messenger and bridge ask L1Block which token pays for gas: unset storage means ETH.
        install("L1Block", L1Block.deploy(web3j, tm, gas), Predeploys.L1_BLOCK_ATTRIBUTES);
        install("L2CrossDomainMessenger", L2CrossDomainMessenger.deploy(web3j, tm, gas),
                Predeploys.L2_CROSS_DOMAIN_MESSENGER);
        install("L2StandardBridge", L2StandardBridge.deploy(web3j, tm, gas), Predeploys.L2_STANDARD_BRIDGE);
        L2CrossDomainMessenger.load(Predeploys.L2_CROSS_DOMAIN_MESSENGER, web3j, tm, gas).initialize(l1[0]).send();
        L2StandardBridge.load(Predeploys.L2_STANDARD_BRIDGE, web3j, tm, gas).initialize(l1[1]).send();
        String l2Token = OptimismMintableERC20.deploy(web3j, tm, gas, Predeploys.L2_STANDARD_BRIDGE, l1[2],
                "Devnet Token", "DVT", BigInteger.valueOf(18)).send().getContractAddress();
        LOG.debugf("L2 messenger and standard bridge initialised; L2 token %s for L1 token %s", l2Token, l1[2]);
        return new BridgeDeployment(l1[0], l1[1], l1[2], l2Token);
    }

    /** Deploys a template normally and copies its runtime code to the predeploy address. */
    private <T extends Contract> void install(String name, RemoteCall<T> template, String address) throws Exception {
        T deployed = template.send();
        String code = deployer.web3j().ethGetCode(deployed.getContractAddress(), DefaultBlockParameterName.LATEST)
                .send().getCode();
        l2Rpc.setCode(address, code);
        l2Rpc.mine();
        LOG.debugf("%s installed at %s", name, address);
    }
}
