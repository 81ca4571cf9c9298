package io.opwb.submission;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.crypto.Credentials;

/**
 * The L1 keys the service signs its transactions with (submitter keys: they only pay gas): the
 * primary key, and in manifest mode any additional ones, over which chunks are spread. Their
 * secrets never leave this class, nor any log.
 */
@ApplicationScoped
public class SignerKey {

    private final SubmissionConfig config;
    private volatile List<Credentials> all;

    public SignerKey(SubmissionConfig config) {
        this.config = config;
    }

    /** The primary key's address. */
    public String address() {
        return all().get(0).getAddress();
    }

    /** Every submitter key's address, the primary first. */
    public List<String> addresses() {
        return all().stream().map(Credentials::getAddress).toList();
    }

    Credentials credentials() {
        return all().get(0);
    }

    Credentials credentials(String address) {
        return all().stream().filter(c -> c.getAddress().equalsIgnoreCase(address)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no submitter key for " + address));
    }

    private List<Credentials> all() {
        if (all == null) {
            List<Credentials> keys = new ArrayList<>();
            keys.add(load(config));
            for (String extra : config.additionalPrivateKeys().orElse(List.of())) {
                Credentials c = KeySource.fromHex(extra.trim(), "additional submitter");
                if (keys.stream().noneMatch(k -> k.getAddress().equals(c.getAddress()))) {
                    keys.add(c);
                }
            }
            all = List.copyOf(keys);
        }
        return all;
    }

    static Credentials load(SubmissionConfig config) {
        return KeySource.load("opwb.submission", "L1", config.privateKey(), config.privateKeyFile(),
                config.keystoreFile(), config.keystorePassword());
    }
}
