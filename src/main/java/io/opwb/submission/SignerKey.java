package io.opwb.submission;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/** The one L1 key the service signs with. Its secret never leaves this class, nor any log. */
@ApplicationScoped
public class SignerKey {

    /** 32 bytes of hex, with or without 0x (web3j's own check looks at the length only). */
    private static final java.util.regex.Pattern HEX_KEY = java.util.regex.Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private final SubmissionConfig config;
    private volatile Credentials credentials;

    public SignerKey(SubmissionConfig config) {
        this.config = config;
    }

    public String address() {
        return credentials().getAddress();
    }

    Credentials credentials() {
        if (credentials == null) {
            credentials = load(config);
        }
        return credentials;
    }

    static Credentials load(SubmissionConfig config) {
        int sources = (config.privateKey().isPresent() ? 1 : 0) + (config.privateKeyFile().isPresent() ? 1 : 0)
                + (config.keystoreFile().isPresent() ? 1 : 0);
        if (sources != 1) {
            throw new IllegalStateException("configure exactly one L1 key: opwb.submission.private-key, "
                    + "opwb.submission.private-key-file, or opwb.submission.keystore-file (found " + sources + ")");
        }
        try {
            if (config.keystoreFile().isPresent()) {
                String password = config.keystorePassword().orElseThrow(() -> new IllegalStateException(
                        "opwb.submission.keystore-password is required with a keystore file"));
                return WalletUtils.loadCredentials(password, config.keystoreFile().get().toFile());
            }
            String key = config.privateKey().isPresent() ? config.privateKey().get()
                    : Files.readString(config.privateKeyFile().get()).trim();
            if (!HEX_KEY.matcher(key).matches()) {
                throw new IllegalStateException("the configured L1 private key is not a 32-byte hex key");
            }
            return Credentials.create(key);
        } catch (IOException | CipherException e) {
            // Say which source failed, never what it holds.
            throw new IllegalStateException("cannot read the L1 key: " + e.getClass().getSimpleName());
        }
    }
}
