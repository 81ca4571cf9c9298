package io.opwb.submission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.crypto.Credentials;

/**
 * The L1 submitter keys (they only pay gas) and what signs with them: the primary key, and in
 * manifest mode any additional ones, over which chunks are spread — held by this process, or by a
 * remote signer ({@code opwb.submission.remote-signer.url}), exactly one source. Their secrets never
 * leave this class and its signers, nor reach any log.
 */
@ApplicationScoped
public class SignerKey {

    private final SubmissionConfig config;
    private volatile TransactionSigner signer;

    public SignerKey(SubmissionConfig config) {
        this.config = config;
    }

    /** The primary key's address. */
    public String address() {
        return addresses().get(0);
    }

    /** Every submitter key's address, the primary first. */
    public List<String> addresses() {
        return signer().addresses();
    }

    /** What signs with the keys; loading it fails with the settings to fix. */
    public TransactionSigner signer() {
        if (signer == null) {
            signer = load();
        }
        return signer;
    }

    private TransactionSigner load() {
        if (config.remoteSigner().url().isEmpty()) {
            List<Credentials> keys = new ArrayList<>();
            keys.add(load(config));
            for (String extra : config.additionalPrivateKeys().orElse(List.of())) {
                Credentials c = KeySource.fromHex(extra.trim(), "additional submitter");
                if (keys.stream().noneMatch(k -> k.getAddress().equals(c.getAddress()))) {
                    keys.add(c);
                }
            }
            return new LocalTransactionSigner(keys);
        }
        requireOneSource(config);
        if (config.additionalPrivateKeys().isPresent()) {
            throw new IllegalStateException("opwb.submission.additional-private-keys and " + RemoteTransactionSigner.PREFIX
                    + ".url are both set: with a remote signer no key enters the service, and it signs for one "
                    + "submitter; unset the additional keys");
        }
        return new RemoteTransactionSigner(config.remoteSigner());
    }

    /** The one local key, from exactly one source (a remote signer counts as one). */
    static Credentials load(SubmissionConfig config) {
        requireOneSource(config);
        return KeySource.load("opwb.submission", "L1", config.privateKey(), config.privateKeyFile(),
                config.keystoreFile(), config.keystorePassword());
    }

    private static void requireOneSource(SubmissionConfig config) {
        Optional<java.net.URI> remote = config.remoteSigner().url();
        int sources = KeySource.count(config.privateKey(), config.privateKeyFile(), config.keystoreFile())
                + (remote.isPresent() ? 1 : 0);
        if (sources != 1) {
            throw new IllegalStateException("configure exactly one L1 key: opwb.submission.private-key, "
                    + "opwb.submission.private-key-file, opwb.submission.keystore-file, or a remote signer holding it, "
                    + RemoteTransactionSigner.PREFIX + ".url (found " + sources + ")");
        }
    }
}
