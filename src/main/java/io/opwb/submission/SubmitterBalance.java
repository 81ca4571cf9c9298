package io.opwb.submission;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.core.DefaultBlockParameterName;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opwb.chain.ChainClients;

/** The signer's L1 balance: read by the worker now and then, exported as a metric. */
@ApplicationScoped
public class SubmitterBalance {

    private static final Duration REFRESH_EVERY = Duration.ofSeconds(30);

    private final ChainClients chains;
    private final jakarta.enterprise.inject.Instance<SignerKey> key; // resolved by workers only: the api role has no key
    private volatile String address;
    private volatile BigInteger balance;
    private final MeterRegistry registry;
    private final Gauge gauge;
    private volatile Instant readAt = Instant.EPOCH;

    public SubmitterBalance(ChainClients chains, jakarta.enterprise.inject.Instance<SignerKey> key, MeterRegistry registry) {
        this.chains = chains;
        this.key = key;
        this.registry = registry;
        this.gauge = Gauge.builder("opwb.submitter.balance.wei", this, b -> b.balance == null ? Double.NaN : b.balance.doubleValue())
                .description("L1 balance of the submitting account, in wei").strongReference(true).register(registry);
    }

    /** A gauge left behind in a registry that outlives this bean would keep reporting it. */
    @jakarta.annotation.PreDestroy
    void removeGauge() {
        registry.remove(gauge);
    }

    /** Reads the balance again if the last reading is older than half a minute. */
    public void refresh() {
        if (Instant.now().isBefore(readAt.plus(REFRESH_EVERY))) {
            return;
        }
        try {
            address = key.get().address();
            balance = chains.l1().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
            readAt = Instant.now();
        } catch (Exception e) {
            // the chain health check reports an unreachable node; keep the last reading
        }
    }

    /** The last reading; null in a replica that does not submit. */
    public BigInteger balance() {
        return balance;
    }

    public String address() {
        return address;
    }
}
