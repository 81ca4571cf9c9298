package io.opwb.submission;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

import io.opwb.chain.ChainClients;
import io.opwb.chain.Create2;
import io.opwb.chain.RuntimeCode;
import io.opwb.chain.contracts.WithdrawalBatcher;

/**
 * Deploys our {@code WithdrawalBatcher} for a portal and owner with CREATE2 through the
 * deterministic-deployment proxy, so that the address follows from the request alone: a second run
 * finds the contract there, verifies it and sends nothing. Then allows the requested operators,
 * when our key is the owner (otherwise it lists the calls the owner must make).
 */
@ApplicationScoped
public class BatcherDeployer {

    private static final Logger LOG = Logger.getLogger(BatcherDeployer.class);

    /** The salt when the caller gives none: one well-known address per (portal, owner) on every chain. */
    public static final byte[] DEFAULT_SALT = Hash.sha3("op-withdrawal-batcher".getBytes(StandardCharsets.UTF_8));

    private static final String CONTRACT = "WithdrawalBatcher";

    /**
     * What to deploy: the contract's constructor arguments, the operators to allow, and the CREATE2
     * salt ({@link #DEFAULT_SALT} when null).
     */
    public record Request(String portal, String owner, List<String> operators, byte[] salt) {
        public Request {
            requireAddress("portal", portal);
            requireAddress("owner", owner);
            operators = List.copyOf(operators == null ? List.of() : operators);
            operators.forEach(o -> requireAddress("operator", o));
            salt = (salt == null ? DEFAULT_SALT : salt).clone();
            if (salt.length != 32) {
                throw new IllegalArgumentException("the salt must have 32 bytes, not " + salt.length);
            }
        }

        public Request(String portal, String owner, List<String> operators) {
            this(portal, owner, operators, null);
        }

        private static void requireAddress(String what, String address) {
            if (address == null || !WalletUtils.isValidAddress(address)) {
                throw new IllegalArgumentException("the " + what + " is not an address: " + address);
            }
        }
    }

    /**
     * @param deployedNow whether this run created the contract (false: it was there)
     * @param deployTxHash the creating transaction of this run; null when the contract was found
     * @param operatorsSet the operators this run allowed, one transaction each
     * @param operatorsOwnerMustSet operators still not allowed because our key is not the owner:
     *        the owner must call {@code setOperator(operator, true)}
     * @param owner the contract's owner now
     */
    public record Result(String address, boolean deployedNow, String deployTxHash, List<String> operatorsSet,
            List<String> operatorsOwnerMustSet, String owner) {
    }

    private final ChainClients chains;
    private final TxManager txManager;
    private final StandaloneSender sender;

    public BatcherDeployer(ChainClients chains, TxManager txManager, StandaloneSender sender) {
        this.chains = chains;
        this.txManager = txManager;
        this.sender = sender;
    }

    /** Where {@link #deploy} puts (or finds) the contract; pure, asks no chain. */
    public String predictedAddress(Request request) {
        return Create2.address(Create2.DETERMINISTIC_DEPLOYER, request.salt(), initCode(request));
    }

    /** The creation code with the constructor arguments, as the wrapper's own deploy encodes them. */
    static byte[] initCode(Request request) {
        String arguments = FunctionEncoder.encodeConstructor(List.<Type>of(new Address(160, request.portal()),
                new Address(160, request.owner())));
        return Numeric.hexStringToByteArray(WithdrawalBatcher.BINARY + arguments);
    }

    /**
     * Deploys unless the contract is at its address already, verifies the code there, then allows the
     * operators that are not yet. Nothing is sent when all is in place.
     *
     * @throws IllegalStateException (one-line reason) when the code found is not ours, a transaction
     *         fails, or the proxy is missing
     */
    public Result deploy(Request request) throws IOException, InterruptedException {
        String address = predictedAddress(request);
        // An earlier run's deployment may be recorded but unsent: it goes first, and may be what creates the contract.
        sender.resumeUnmined();
        boolean found = code(address).length > 0;
        String deployTxHash = null;
        if (!found) {
            deployTxHash = create(request, address);
        }
        WithdrawalBatcher batcher = reader(address);
        String owner = verify(address, batcher, request.portal());
        LOG.infof("WithdrawalBatcher at %s (%s), portal %s, owner %s", address,
                found ? "found, verified" : "deployed in " + deployTxHash + ", verified", request.portal(), owner);
        List<String> set = new ArrayList<>();
        List<String> ownerMustSet = new ArrayList<>();
        boolean weOwn = txManager.sender().equalsIgnoreCase(owner);
        for (String operator : distinct(request.operators())) {
            if (call(() -> batcher.isOperator(operator).send())) {
                continue;
            }
            if (!weOwn) {
                ownerMustSet.add(operator);
                continue;
            }
            String data = batcher.setOperator(operator, true).encodeFunctionCall();
            sender.send(address, data, "allowing operator " + operator + " on " + address);
            set.add(operator);
        }
        if (!ownerMustSet.isEmpty()) {
            LOG.warnf("our key %s is not the owner %s: the owner must call setOperator(operator, true) for %s",
                    txManager.sender(), owner, ownerMustSet);
        }
        return new Result(address, !found, deployTxHash, List.copyOf(set), List.copyOf(ownerMustSet), owner);
    }

    /** One transaction to the proxy; returns its hash once it is mined. */
    private String create(Request request, String address) throws IOException, InterruptedException {
        if (code(Create2.DETERMINISTIC_DEPLOYER).length == 0) {
            throw new IllegalStateException("this chain has no deterministic-deployment proxy at "
                    + Create2.DETERMINISTIC_DEPLOYER);
        }
        String data = Numeric.toHexString(Create2.proxyCalldata(request.salt(), initCode(request)));
        // The proxy answers with the address it creates: a proxy that is not the standard one
        // would put the contract elsewhere, which a rerun would never find.
        var answer = l1().ethCall(Transaction.createEthCallTransaction(txManager.sender(), Create2.DETERMINISTIC_DEPLOYER,
                data), DefaultBlockParameterName.LATEST).send();
        if (answer.hasError() || answer.isReverted()) {
            throw new IllegalStateException("the proxy would not deploy WithdrawalBatcher: "
                    + (answer.hasError() ? answer.getError().getMessage() : answer.getRevertReason()));
        }
        if (!address.equalsIgnoreCase(answer.getValue())) {
            throw new IllegalStateException("the proxy would deploy at " + answer.getValue() + ", not at " + address);
        }
        return sender.send(Create2.DETERMINISTIC_DEPLOYER, data, "deploying WithdrawalBatcher at " + address)
                .getTransactionHash();
    }

    /**
     * The code at {@code address} is our artifact's, and the portal (an immutable, so masked in the
     * code comparison) is the requested one. Returns the owner.
     */
    private String verify(String address, WithdrawalBatcher batcher, String portal) throws IOException {
        byte[] code = code(address);
        if (code.length == 0) {
            throw new IllegalStateException("no code at " + address + " after its deployment");
        }
        RuntimeCode expected = RuntimeCode.of(CONTRACT);
        expected.mismatch(code).ifPresent(reason -> {
            throw new IllegalStateException("the contract at " + address + " is not this build's WithdrawalBatcher: " + reason);
        });
        String actualPortal = call(() -> batcher.portal().send());
        if (!portal.equalsIgnoreCase(actualPortal)) {
            throw new IllegalStateException("the WithdrawalBatcher at " + address + " serves portal " + actualPortal
                    + ", not " + portal);
        }
        return call(() -> batcher.owner().send());
    }

    private byte[] code(String address) throws IOException {
        return Numeric.hexStringToByteArray(l1().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode());
    }

    private WithdrawalBatcher reader(String address) {
        return WithdrawalBatcher.load(address, l1(), new ReadonlyTransactionManager(l1(), txManager.sender()),
                new DefaultGasProvider());
    }

    private Web3j l1() {
        return chains.l1();
    }

    /** Each operator once, in the order given (addresses compare without case). */
    private static List<String> distinct(List<String> operators) {
        Map<String, String> byKey = new LinkedHashMap<>();
        operators.forEach(o -> byKey.putIfAbsent(o.toLowerCase(), o));
        return List.copyOf(byKey.values());
    }

    /** A wrapper's call: node faults stay IOExceptions, a revert becomes a one-line error. */
    private static <T> T call(java.util.concurrent.Callable<T> read) throws IOException {
        try {
            return Objects.requireNonNull(read.call());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a call to the WithdrawalBatcher failed: " + e.getMessage(), e);
        }
    }
}
