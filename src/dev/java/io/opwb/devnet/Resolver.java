package io.opwb.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

import io.opwb.chain.contracts.DisputeGameFactory;
import io.opwb.chain.contracts.PermissionedDisputeGame;

/**
 * Resolves games whose clock has expired: {@code resolveClaim(0, 0)} then {@code resolve()}. With
 * no challenger moves, every honest game resolves DEFENDER_WINS. The ASR era stand-in games have no claims to
 * resolve: {@code resolve()} alone, once their clock ran out (DEFENDER_WINS unless someone called
 * {@code challenge()}).
 */
public final class Resolver {

    private static final Logger LOG = Logger.getLogger(Resolver.class);
    static final BigInteger IN_PROGRESS = BigInteger.ZERO;

    private final DevnetSigner signer;
    private final DisputeGameFactory factory;
    /** The ASR era stand-in's games: {@code resolve()} only. */
    private final boolean standInGames;
    /** Games below this index are resolved already. */
    private BigInteger firstOpen = BigInteger.ZERO;

    Resolver(DevnetSigner signer, L1Deployment deployment) {
        this.signer = signer;
        this.factory = DisputeGameFactory.load(deployment.disputeGameFactory(), signer.web3j(),
                new ReadonlyTransactionManager(signer.web3j(), signer.address()), new DefaultGasProvider());
        this.standInGames = deployment.flavour() == PortalFlavour.ASR_ERA_STAND_IN;
    }

    /** Resolves every game whose clock has run out; returns the addresses it resolved. */
    public synchronized List<String> resolveExpired() throws Exception {
        List<String> resolved = new ArrayList<>();
        BigInteger count = factory.gameCount().send();
        boolean allBeforeDone = true;
        for (BigInteger i = firstOpen; i.compareTo(count) < 0; i = i.add(BigInteger.ONE)) {
            String address = factory.gameAtIndex(i).send().component3();
            PermissionedDisputeGame game = PermissionedDisputeGame.load(address, signer.web3j(),
                    new ReadonlyTransactionManager(signer.web3j(), signer.address()), new DefaultGasProvider());
            if (!IN_PROGRESS.equals(game.status().send())) {
                if (allBeforeDone) {
                    firstOpen = i.add(BigInteger.ONE);
                }
                continue;
            }
            // The stand-in games share these selectors (resolve(), status()) but have no resolveClaim.
            String first = standInGames ? game.resolve().encodeFunctionCall()
                    : game.resolveClaim(BigInteger.ZERO, BigInteger.ZERO).encodeFunctionCall();
            try {
                signer.estimate(address, first, BigInteger.ZERO);
            } catch (DevnetSigner.CallRevertedException clockNotExpired) {
                allBeforeDone = false;
                continue;
            }
            signer.send(address, first, BigInteger.ZERO);
            if (!standInGames) {
                signer.send(address, game.resolve().encodeFunctionCall(), BigInteger.ZERO);
            }
            LOG.infof("resolver: game #%s at %s resolved, status %s", i, address, game.status().send());
            resolved.add(address);
            if (allBeforeDone) {
                firstOpen = i.add(BigInteger.ONE);
            }
        }
        return resolved;
    }
}
