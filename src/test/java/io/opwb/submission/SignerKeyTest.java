package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/** Loading the one L1 key from exactly one source, never leaking it in an error. */
class SignerKeyTest {

    static final String ANVIL_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String ANVIL_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    static final String ANVIL_KEY_HEX = ANVIL_KEY.substring(2);

    record Config(Optional<String> privateKey, Optional<Path> privateKeyFile, Optional<Path> keystoreFile,
            Optional<String> keystorePassword, Optional<java.net.URI> remoteSignerUrl,
            Optional<java.util.List<String>> additionalPrivateKeys) implements SubmissionConfig {

        Config(Optional<String> privateKey, Optional<Path> privateKeyFile, Optional<Path> keystoreFile,
                Optional<String> keystorePassword) {
            this(privateKey, privateKeyFile, keystoreFile, keystorePassword, Optional.empty(), Optional.empty());
        }

        static Config remote(String url) {
            return new Config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(java.net.URI.create(url)), Optional.empty());
        }

        @Override
        public RemoteSignerConfig remoteSigner() {
            return new RemoteTransactionSignerTest.Remote(remoteSignerUrl, Optional.empty(), RemoteSignerConfig.Api.ETH,
                    java.time.Duration.ofSeconds(5));
        }

        static Config key(String key) {
            return new Config(Optional.of(key), Optional.empty(), Optional.empty(), Optional.empty());
        }

        static Config keyFile(Path file) {
            return new Config(Optional.empty(), Optional.of(file), Optional.empty(), Optional.empty());
        }

        static Config keystore(Path file, String password) {
            return new Config(Optional.empty(), Optional.empty(), Optional.of(file), Optional.ofNullable(password));
        }

        @Override
        public int confirmations() {
            return 1;
        }

        @Override
        public BigInteger maxFeePerGasWei() {
            return BigInteger.valueOf(200_000_000_000L);
        }

        @Override
        public int maxReplacements() {
            return 10;
        }

        @Override
        public int maxFeeMultiple() {
            return 8;
        }

        @Override
        public FeeSanityConfig feeSanity() {
            return null; // the key's loading does not look at fees
        }

        @Override
        public java.time.Duration replaceAfter() {
            return java.time.Duration.ofMinutes(3);
        }

        @Override
        public int feeBumpPercent() {
            return 12;
        }

        @Override
        public BigInteger minBalanceWei() {
            return BigInteger.ZERO;
        }

        @Override
        public ManifestSignerConfig manifestSigner() {
            return null;
        }
    }

    @Test
    void aPrivateKeyGivesItsAddress() {
        Credentials c = SignerKey.load(Config.key(ANVIL_KEY));
        assertTrue(ANVIL_ADDRESS.equalsIgnoreCase(c.getAddress()), c.getAddress());
        assertEquals(Numeric.toBigInt(ANVIL_KEY), c.getEcKeyPair().getPrivateKey());
    }

    @Test
    void aPrivateKeyWithoutThePrefixWorksToo() {
        Credentials c = SignerKey.load(Config.key(ANVIL_KEY_HEX));
        assertTrue(ANVIL_ADDRESS.equalsIgnoreCase(c.getAddress()), c.getAddress());
    }

    @Test
    void theSignerKeyBeanReportsTheAddress() {
        assertTrue(ANVIL_ADDRESS.equalsIgnoreCase(new SignerKey(Config.key(ANVIL_KEY)).address()));
    }

    @Test
    void aKeyFileIsReadAndTrimmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("l1.key");
        Files.writeString(file, "  \n" + ANVIL_KEY + "\n\n");
        Credentials c = SignerKey.load(Config.keyFile(file));
        assertTrue(ANVIL_ADDRESS.equalsIgnoreCase(c.getAddress()), c.getAddress());
    }

    @Test
    void aMissingKeyFileIsAnErrorNamingNoSecret(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignerKey.load(Config.keyFile(dir.resolve("absent.key"))));
        assertEquals("cannot read the L1 key: NoSuchFileException", e.getMessage());
    }

    @Test
    void anEncryptedKeystoreWithItsPassword(@TempDir Path dir) throws Exception {
        String password = "correct horse battery staple";
        ECKeyPair pair = ECKeyPair.create(Numeric.toBigInt(ANVIL_KEY));
        String name = WalletUtils.generateWalletFile(password, pair, dir.toFile(), false);
        Credentials c = SignerKey.load(Config.keystore(dir.resolve(name), password));
        assertTrue(ANVIL_ADDRESS.equalsIgnoreCase(c.getAddress()), c.getAddress());
        assertEquals(pair.getPrivateKey(), c.getEcKeyPair().getPrivateKey());
    }

    @Test
    void aWrongKeystorePasswordIsAnErrorThatLeaksNeitherPasswordNorKey(@TempDir Path dir) throws Exception {
        String password = "s3cret-Passw0rd";
        String wrong = "wrong-Passw0rd-guess";
        ECKeyPair pair = ECKeyPair.create(Numeric.toBigInt(ANVIL_KEY));
        String name = WalletUtils.generateWalletFile(password, pair, dir.toFile(), false);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignerKey.load(Config.keystore(dir.resolve(name), wrong)));
        String message = String.valueOf(e.getMessage());
        assertTrue(message.startsWith("cannot read the L1 key"), message);
        assertNoSecret(message, password, wrong, ANVIL_KEY_HEX);
        assertEquals(null, e.getCause(), "no cause that could carry the secret");
    }

    @Test
    void aKeystoreWithoutAPasswordIsAnError(@TempDir Path dir) throws Exception {
        ECKeyPair pair = ECKeyPair.create(Numeric.toBigInt(ANVIL_KEY));
        String name = WalletUtils.generateWalletFile("pw", pair, dir.toFile(), false);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SignerKey.load(Config.keystore(dir.resolve(name), null)));
        assertEquals("opwb.submission.keystore-password is required with a keystore file", e.getMessage());
    }

    @Test
    void noKeySourceIsAnErrorNamingTheOptions() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignerKey.load(
                new Config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("pw"))));
        assertOptionsNamed(e.getMessage());
        assertTrue(e.getMessage().contains("found 0"), e.getMessage());
    }

    @Test
    void twoKeySourcesAreAnErrorNamingTheOptions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("l1.key");
        Files.writeString(file, ANVIL_KEY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignerKey.load(
                new Config(Optional.of(ANVIL_KEY), Optional.of(file), Optional.empty(), Optional.empty())));
        assertOptionsNamed(e.getMessage());
        assertTrue(e.getMessage().contains("found 2"), e.getMessage());
        assertNoSecret(e.getMessage(), ANVIL_KEY_HEX);

        IllegalStateException three = assertThrows(IllegalStateException.class, () -> SignerKey.load(
                new Config(Optional.of(ANVIL_KEY), Optional.of(file), Optional.of(file), Optional.of("pw"))));
        assertTrue(three.getMessage().contains("found 3"), three.getMessage());
    }

    @Test
    void aKeyOfTheWrongLengthIsAnError() {
        for (String bad : new String[] {"0x1234", ANVIL_KEY + "00", ANVIL_KEY.substring(0, 65), ""}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignerKey.load(Config.key(bad)),
                    "key of length " + bad.length());
            assertEquals("the configured L1 private key is not a 32-byte hex key", e.getMessage());
        }
    }

    @Test
    void aBadKeyInAFileIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("l1.key");
        Files.writeString(file, "not a key\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SignerKey.load(Config.keyFile(file)));
        assertEquals("the configured L1 private key is not a 32-byte hex key", e.getMessage());
    }

    @Test
    void aKeyOfTheRightLengthWithANonHexCharacterIsAnErrorThatDoesNotQuoteIt() {
        // one typo (a 'g') in an otherwise real key
        String typo = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ffg0";
        RuntimeException e = assertThrows(RuntimeException.class, () -> SignerKey.load(Config.key(typo)));
        // actual: java.lang.NumberFormatException: For input string: "4f2ffg0" under radix 16
        assertEquals(IllegalStateException.class, e.getClass(), e.toString());
        assertEquals("the configured L1 private key is not a 32-byte hex key", e.getMessage());
    }

    @Test
    void aRemoteSignerIsTheOneSourceAndNoKeyIsLoaded() {
        TransactionSigner signer = new SignerKey(Config.remote("http://127.0.0.1:1/")).signer();
        assertEquals(TransactionSigner.Kind.REMOTE, signer.kind());
        assertEquals("a remote signer at http://127.0.0.1:1 (eth_signTransaction)", signer.description());
        assertEquals(TransactionSigner.Kind.LOCAL, new SignerKey(Config.key(ANVIL_KEY)).signer().kind());
    }

    @Test
    void aRemoteSignerBesideAKeyIsAnErrorNamingTheOptions() {
        Config both = new Config(Optional.of(ANVIL_KEY), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(java.net.URI.create("http://127.0.0.1:1/")), Optional.empty());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SignerKey(both).signer());
        assertOptionsNamed(e.getMessage());
        assertTrue(e.getMessage().contains("opwb.submission.remote-signer.url") && e.getMessage().contains("found 2"),
                e.getMessage());
        assertNoSecret(e.getMessage(), ANVIL_KEY_HEX);

        Config withAdditional = new Config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(java.net.URI.create("http://127.0.0.1:1/")), Optional.of(java.util.List.of(ANVIL_KEY)));
        IllegalStateException additional = assertThrows(IllegalStateException.class,
                () -> new SignerKey(withAdditional).signer());
        assertTrue(additional.getMessage().contains("opwb.submission.additional-private-keys"), additional.getMessage());
        assertNoSecret(additional.getMessage(), ANVIL_KEY_HEX);
    }

    static void assertOptionsNamed(String message) {
        assertTrue(message.contains("opwb.submission.private-key"), message);
        assertTrue(message.contains("opwb.submission.private-key-file"), message);
        assertTrue(message.contains("opwb.submission.keystore-file"), message);
    }

    static void assertNoSecret(String message, String... secrets) {
        for (String s : secrets) {
            assertFalse(message.toLowerCase().contains(s.toLowerCase()), "message leaks a secret: " + message);
        }
    }
}
