package io.opwb.submission;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Signs manifests (EIP-712 typed data) with the manifest signer's key: a local key (a keystore
 * file, preferably), or a remote signer that holds the key and answers {@code eth_signTypedData_v4}
 * (Clef, Web3Signer, a node with the account unlocked). Every signature is checked to recover to
 * the signer's address before it is used.
 */
@ApplicationScoped
public class ManifestSigner {

    private static final String PREFIX = "opwb.submission.manifest-signer";

    private final SubmissionConfig.ManifestSignerConfig config;
    private final SignerRpc rpc;
    private volatile Credentials local;

    public ManifestSigner(SubmissionConfig config) {
        this.config = config.manifestSigner();
        this.rpc = this.config.url().map(url -> new SignerRpc(url, "the remote manifest signer")).orElse(null);
    }

    private boolean remote() {
        return config.url().isPresent();
    }

    public String address() {
        if (remote()) {
            return Keys.toChecksumAddress(config.address().orElseThrow(() -> new IllegalStateException(
                    PREFIX + ".address is required with " + PREFIX + ".url")));
        }
        return Keys.toChecksumAddress(localKey().getAddress());
    }

    /** A 65-byte signature (r ‖ s ‖ v) of {@code digest}, the EIP-712 digest of {@code typedDataJson}. */
    public byte[] sign(String typedDataJson, byte[] digest) throws IOException {
        byte[] signature;
        if (remote()) {
            signature = signRemotely(typedDataJson);
        } else {
            signature = signDigest(localKey().getEcKeyPair(), digest);
        }
        String recovered = recover(digest, signature);
        if (!recovered.equalsIgnoreCase(address())) {
            throw new IOException("the manifest signature recovers to " + recovered + ", not to the signer "
                    + address());
        }
        return signature;
    }

    /**
     * Null when the signer can sign; otherwise why not. A remote signer is asked for its accounts
     * ({@code eth_accounts}) and must list the signer's address; a local key must load.
     */
    public String unavailableBecause() {
        try {
            if (!remote()) {
                localKey();
                return null;
            }
            JsonNode accounts = rpc.call("eth_accounts", List.of(), Duration.ofSeconds(5));
            if (!accounts.isArray()) {
                return "the remote signer did not list its accounts";
            }
            for (JsonNode a : accounts) {
                if (a.asText().equalsIgnoreCase(address())) {
                    return null;
                }
            }
            return "the remote signer does not hold " + address();
        } catch (IOException | RuntimeException e) {
            return "the manifest signer cannot be reached or loaded: " + e.getMessage();
        }
    }

    /** A 65-byte ECDSA signature (r ‖ s ‖ v, v 27 or 28) of a digest, as EIP-712 signers give it. */
    public static byte[] signDigest(org.web3j.crypto.ECKeyPair key, byte[] digest) {
        Sign.SignatureData s = Sign.signMessage(digest, key, false);
        return concat(s.getR(), s.getS(), s.getV());
    }

    /** The address an ECDSA signature of this digest recovers to. */
    public static String recover(byte[] digest, byte[] signature) {
        if (signature.length != 65) {
            return "(not a 65-byte signature)";
        }
        byte v = signature[64];
        Sign.SignatureData data = new Sign.SignatureData(v < 27 ? (byte) (v + 27) : v,
                Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64));
        try {
            BigInteger key = Sign.signedMessageHashToKey(digest, data);
            return "0x" + Keys.getAddress(key);
        } catch (java.security.SignatureException e) {
            return "(no key)";
        }
    }

    private byte[] signRemotely(String typedDataJson) throws IOException {
        return Numeric.hexStringToByteArray(rpc.call("eth_signTypedData_v4", List.of(address(), typedDataJson),
                Duration.ofSeconds(30)).asText());
    }

    private Credentials localKey() {
        if (local == null) {
            local = KeySource.load(PREFIX, "manifest signer", config.privateKey(), config.privateKeyFile(),
                    config.keystoreFile(), config.keystorePassword());
        }
        return local;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
