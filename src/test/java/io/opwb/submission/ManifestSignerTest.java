package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

import com.sun.net.httpserver.HttpServer;

import io.opwb.merkle.ManifestTypedData;

/** The manifest signer: a local key signs the EIP-712 digest; a remote signer's answer is checked, not trusted. */
class ManifestSignerTest {

    private static final String KEY = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";
    private static final String ADDRESS = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
    private static final ManifestTypedData MANIFEST = new ManifestTypedData(900, "0x" + "12".repeat(20),
            "0x" + "34".repeat(20), ManifestTypedData.FINALIZE, BigInteger.ZERO, new byte[32], BigInteger.ONE, 2_000_000_000L);

    @Test
    void aLocalKeySignsTheDigestAndTheSignatureRecoversToIt() throws Exception {
        ManifestSigner signer = new ManifestSigner(config(Optional.of(KEY), Optional.empty(), Optional.empty()));
        assertEquals(ADDRESS, signer.address());
        byte[] signature = signer.sign(MANIFEST.json(), MANIFEST.digest());
        assertEquals(65, signature.length);
        assertTrue(ADDRESS.equalsIgnoreCase(ManifestSigner.recover(MANIFEST.digest(), signature)));
        assertFalse(ADDRESS.equalsIgnoreCase(ManifestSigner.recover(new byte[32], signature)), "bound to the digest");
    }

    @Test
    void aRemoteSignerIsAskedWithTheTypedDataAndItsSignatureChecked() throws Exception {
        StringBuilder asked = new StringBuilder();
        HttpServer server = answering(asked, sign(KEY));
        try {
            ManifestSigner signer = remote(server);
            byte[] signature = signer.sign(MANIFEST.json(), MANIFEST.digest());
            assertTrue(ADDRESS.equalsIgnoreCase(ManifestSigner.recover(MANIFEST.digest(), signature)));
            assertTrue(asked.toString().contains("eth_signTypedData_v4"), asked.toString());
            assertTrue(asked.toString().contains("\"primaryType\\\":\\\"Manifest\\\""), asked.toString());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRemoteSignerIsAvailableOnlyWhenItListsTheSignersAccount() throws Exception {
        HttpServer holding = answering(new StringBuilder(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[\"" + ADDRESS.toLowerCase() + "\"]}");
        HttpServer other = answering(new StringBuilder(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[\"0x14dc79964da2c08b23698b3d3cc7ca32193d9955\"]}");
        try {
            assertEquals(null, remote(holding).unavailableBecause());
            assertTrue(remote(other).unavailableBecause().contains("does not hold"), remote(other).unavailableBecause());
        } finally {
            holding.stop(0);
            other.stop(0);
        }
        ManifestSigner nowhere = new ManifestSigner(config(Optional.empty(), Optional.of(URI.create("http://127.0.0.1:1/")),
                Optional.of(ADDRESS)));
        assertTrue(nowhere.unavailableBecause().contains("cannot be reached"), nowhere.unavailableBecause());
    }

    @Test
    void aRemoteSignatureByAnotherKeyIsRefused() throws Exception {
        HttpServer server = answering(new StringBuilder(),
                sign("0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"));
        try {
            IOException e = assertThrows(IOException.class, () -> remote(server).sign(MANIFEST.json(), MANIFEST.digest()));
            assertTrue(e.getMessage().contains("not to the signer"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRemoteRefusalIsAnErrorNamingIt() throws Exception {
        HttpServer server = answering(new StringBuilder(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"account locked\"}}");
        try {
            IOException e = assertThrows(IOException.class, () -> remote(server).sign(MANIFEST.json(), MANIFEST.digest()));
            assertTrue(e.getMessage().contains("account locked"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noKeyAndNoUrlIsAnErrorNamingTheOptions() {
        ManifestSigner signer = new ManifestSigner(config(Optional.empty(), Optional.empty(), Optional.empty()));
        IllegalStateException e = assertThrows(IllegalStateException.class, signer::address);
        assertTrue(e.getMessage().contains("opwb.submission.manifest-signer.private-key"), e.getMessage());
    }

    private static String sign(String key) {
        byte[] sig = ManifestSigner.signDigest(Credentials.create(key).getEcKeyPair(), MANIFEST.digest());
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + Numeric.toHexString(sig) + "\"}";
    }

    private static HttpServer answering(StringBuilder asked, String answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            StandInRemoteSigner.respond(exchange, answer);
        });
        server.start();
        return server;
    }

    private static ManifestSigner remote(HttpServer server) {
        return new ManifestSigner(config(Optional.empty(),
                Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")), Optional.of(ADDRESS)));
    }

    private static SubmissionConfig config(Optional<String> key, Optional<URI> url, Optional<String> address) {
        SubmissionConfig.ManifestSignerConfig signer = new SubmissionConfig.ManifestSignerConfig() {
            public Optional<String> privateKey() {
                return key;
            }

            public Optional<Path> privateKeyFile() {
                return Optional.empty();
            }

            public Optional<Path> keystoreFile() {
                return Optional.empty();
            }

            public Optional<String> keystorePassword() {
                return Optional.empty();
            }

            public Optional<URI> url() {
                return url;
            }

            public Optional<String> address() {
                return address;
            }
        };
        return (SubmissionConfig) java.lang.reflect.Proxy.newProxyInstance(SubmissionConfig.class.getClassLoader(),
                new Class<?>[] {SubmissionConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("manifestSigner")) {
                        return signer;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
