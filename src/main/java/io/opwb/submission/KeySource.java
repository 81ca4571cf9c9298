package io.opwb.submission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Reads one key from exactly one source under a configuration prefix: {@code private-key},
 * {@code private-key-file}, or {@code keystore-file} with {@code keystore-password}. Errors name
 * the options and the source, never what it holds.
 */
final class KeySource {

    /** 32 bytes of hex, with or without 0x (web3j's own check looks at the length only). */
    private static final Pattern HEX_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private KeySource() {
    }

    static int count(Optional<String> key, Optional<Path> file, Optional<Path> keystore) {
        return (key.isPresent() ? 1 : 0) + (file.isPresent() ? 1 : 0) + (keystore.isPresent() ? 1 : 0);
    }

    static Credentials load(String prefix, String what, Optional<String> key, Optional<Path> file,
            Optional<Path> keystore, Optional<String> password) {
        int sources = count(key, file, keystore);
        if (sources != 1) {
            throw new IllegalStateException("configure exactly one " + what + " key: " + prefix + ".private-key, "
                    + prefix + ".private-key-file, or " + prefix + ".keystore-file (found " + sources + ")");
        }
        try {
            if (keystore.isPresent()) {
                String pass = password.orElseThrow(() -> new IllegalStateException(
                        prefix + ".keystore-password is required with a keystore file"));
                return WalletUtils.loadCredentials(pass, keystore.get().toFile());
            }
            return fromHex(key.isPresent() ? key.get() : Files.readString(file.get()).trim(), what);
        } catch (IOException | CipherException e) {
            // Say which source failed, never what it holds.
            throw new IllegalStateException("cannot read the " + what + " key: " + e.getClass().getSimpleName());
        }
    }

    static Credentials fromHex(String key, String what) {
        if (!HEX_KEY.matcher(key).matches()) {
            throw new IllegalStateException("the configured " + what + " private key is not a 32-byte hex key");
        }
        return Credentials.create(key);
    }
}
