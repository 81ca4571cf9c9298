package io.opwb.submission;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.protocol.core.DefaultBlockParameterName;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opwb.chain.ChainClients;

/**
 * The submitter keys' L1 balances: read by the worker now and then, exported as metrics (the
 * poorest key's, and each key's). With several keys (manifest mode), any one running dry stalls
 * the chunks it would send.
 */
@ApplicationScoped
public class SubmitterBalance {

    private static final Duration REFRESH_EVERY = Duration.ofSeconds(30);

    private final ChainClients chains;
    private final jakarta.enterprise.inject.Instance<SignerKey> key; // resolved by workers only: the api role has no key
    private volatile String address;
    private volatile BigInteger balance;
    private volatile java.util.Map<String, BigInteger> balances = java.util.Map.of();
    private final io.micrometer.core.instrument.MultiGauge perKey;
    private final MeterRegistry registry;
    private final Gauge gauge;
    private volatile Instant readAt = Instant.EPOCH;

    public SubmitterBalance(ChainClients chains, jakarta.enterprise.inject.Instance<SignerKey> key, MeterRegistry registry) {
        this.chains = chains;
        this.key = key;
        this.registry = registry;
        this.gauge = Gauge.builder("opwb.submitter.balance.wei", this, b -> b.balance == null ? Double.NaN : b.balance.doubleValue())
                .description("L1 balance of the poorest submitting account, in wei").strongReference(true)
                .register(registry);
        this.perKey = io.micrometer.core.instrument.MultiGauge.builder("opwb.submitter.key.balance.wei")
                .description("L1 balance of each submitter key, in wei").register(registry);
    }

    /** A gauge left behind in a registry that outlives this bean would keep reporting it. */
    @jakarta.annotation.PreDestroy
    void removeGauge() {
        registry.remove(gauge);
        perKey.register(java.util.List.of(), true);
    }

    /** Reads the balance again if the last reading is older than half a minute. */
    public void refresh() {
        if (Instant.now().isBefore(readAt.plus(REFRESH_EVERY))) {
            return;
        }
        try {
            java.util.Map<String, BigInteger> read = new java.util.LinkedHashMap<>();
            for (String a : key.get().addresses()) {
                read.put(a, chains.l1().ethGetBalance(a, DefaultBlockParameterName.LATEST).send().getBalance());
            }
            var poorest = read.entrySet().stream().min(java.util.Map.Entry.comparingByValue()).orElseThrow();
            balances = java.util.Collections.unmodifiableMap(read);
            address = poorest.getKey();
            balance = poorest.getValue();
            perKey.register(read.entrySet().stream().map(e -> io.micrometer.core.instrument.MultiGauge.Row.of(
                    io.micrometer.core.instrument.Tags.of("address", e.getKey()), e.getValue().doubleValue())).toList(),
                    true);
            readAt = Instant.now();
        } catch (Exception e) {
            // the chain health check reports an unreachable node; keep the last reading
        }
    }

    /** The poorest key's last reading; null in a replica that does not submit. */
    public BigInteger balance() {
        return balance;
    }

    /** The poorest key. */
    public String address() {
        return address;
    }

    /** Every key's last reading. */
    public java.util.Map<String, BigInteger> balances() {
        return balances;
    }
}
