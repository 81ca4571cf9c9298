package io.opwb.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainConfig;
import io.opwb.submission.BatcherDeployer;
import io.opwb.submission.TxManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deploys our WithdrawalBatcher for a portal at its deterministic address, or finds it there. */
@Command(name = "deploy-batcher", mixinStandardHelpOptions = true,
        description = "Deploys WithdrawalBatcher for a portal, owner and operators with CREATE2 through the "
                + "deterministic-deployment proxy (0x4e59b44847b379578588920cA78FbF26c0B4956C), verifies the code "
                + "and prints the address. Idempotent: run again, it finds the contract and sends nothing. Sent "
                + "with the service's key (OPWB_SUBMISSION_PRIVATE_KEY or a key file/keystore).")
public class DeployBatcherCommand implements Callable<Integer> {

    @Option(names = "--portal", description = "The OptimismPortal proxy (default: opwb.chain.portal-address).")
    Optional<String> portal;

    @Option(names = "--owner", description = "The owner, who may change operators (default: the key's address).")
    Optional<String> owner;

    @Option(names = "--operator", split = ",",
            description = "An address that may send batches; repeat or comma-separate (default: the key's address).")
    List<String> operators;

    @Option(names = "--salt", description = "CREATE2 salt, 32 bytes hex (default: keccak256(\"op-withdrawal-batcher\")).")
    Optional<String> salt;

    @Inject
    BatcherDeployer deployer;

    @Inject
    TxManager txManager;

    @Inject
    ChainConfig chains;

    @Inject
    io.opwb.pipeline.WorkerLease lease;

    @Override
    public Integer call() throws Exception {
        String portalAddress = address(portal.orElseGet(chains::portalAddress), "--portal");
        String ownerAddress = address(owner.orElseGet(txManager::sender), "--owner");
        List<String> allowed = operators == null || operators.isEmpty() ? List.of(txManager.sender())
                : operators.stream().map(a -> address(a, "--operator")).toList();
        byte[] saltBytes = salt.map(DeployBatcherCommand::salt).orElse(BatcherDeployer.DEFAULT_SALT);
        // The key's nonces are ours alone only while no service sends for this database.
        if (!lease.acquireOrRenew()) {
            throw new IllegalStateException("another replica holds the worker lease (a running service sends with "
                    + "this key): stop it first");
        }
        BatcherDeployer.Result result = deployer.deploy(
                new BatcherDeployer.Request(portalAddress, ownerAddress, allowed, saltBytes));
        System.out.println(result.address());
        System.err.println((result.deployedNow() ? "deployed in " + result.deployTxHash()
                : "already deployed: nothing sent") + "; code verified; portal " + portalAddress + ", owner "
                + result.owner() + (result.operatorsSet().isEmpty() ? "" : "; operators allowed now: "
                        + result.operatorsSet()));
        if (!result.operatorsOwnerMustSet().isEmpty()) {
            System.err.println("the owner " + result.owner() + " must still call setOperator(<address>, true) for "
                    + result.operatorsOwnerMustSet());
        }
        return 0;
    }

    private static String address(String value, String option) {
        if (!WalletUtils.isValidAddress(value)) {
            throw new IllegalArgumentException(option + ": not an address (0x and 40 hex digits): '" + value + "'");
        }
        return value;
    }

    private static byte[] salt(String value) {
        if (!value.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("--salt: not 32 bytes of hex (0x and 64 hex digits): '" + value + "'");
        }
        return Numeric.hexStringToByteArray(value);
    }
}
