package io.opwb.submission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

import io.opwb.submission.SubmissionConfig.RemoteSignerConfig.Api;

/**
 * The remote transaction signer against a stand-in signer: what it asks, and that an answer which is
 * not the transaction asked for (another nonce, chain or signer) is refused before anything is sent.
 */
class RemoteTransactionSignerTest {

    static final Credentials SUBMITTER = Credentials.create(SignerKeyTest.ANVIL_KEY);
    static final Credentials OTHER = Credentials.create("0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356");
    static final long CHAIN = 900;
    static final RawTransaction TX = RawTransaction.createTransaction(CHAIN, BigInteger.valueOf(5),
            BigInteger.valueOf(200_000), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", BigInteger.ZERO, "0xabcdef01",
            BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(3_000_000_000L));

    record Remote(Optional<URI> url, Optional<String> address, Api api, Duration timeout)
            implements SubmissionConfig.RemoteSignerConfig {

        static Remote at(URI url, String address, Api api) {
            return new Remote(Optional.of(url), Optional.ofNullable(address), api, Duration.ofSeconds(5));
        }
    }

    @Test
    void anHonestSignerSignsExactlyWhatWasAskedOverEitherApi() throws Exception {
        byte[] local = TransactionEncoder.signMessage(TX, CHAIN, SUBMITTER);
        for (Api api : Api.values()) {
            try (StandInRemoteSigner stand = new StandInRemoteSigner(SUBMITTER)) {
                RemoteTransactionSigner signer = new RemoteTransactionSigner(Remote.at(stand.url(), null, api));
                assertEquals(List.of(Keys.toChecksumAddress(SUBMITTER.getAddress())), signer.addresses(),
                        "the signer's one account");
                assertArrayEquals(local, signer.sign(SUBMITTER.getAddress(), TX, CHAIN), api + ": the same bytes");
                assertEquals(List.of(api.accountsMethod(), api.signMethod()), stand.methods());
                assertEquals(TransactionSigner.Kind.REMOTE, signer.kind());
            }
        }
    }

    @Test
    void aTransactionForAnotherNonceIsRefused() throws Exception {
        assertRefused(s -> s.tamper(p -> p.withNonce(p.nonce().add(BigInteger.ONE))), "its nonce is 6, not 5");
    }

    @Test
    void aTransactionForAnotherChainIsRefused() throws Exception {
        assertRefused(s -> s.tamper(p -> p.withChainId(1)), "its chain id is 1, not 900");
    }

    @Test
    void aTransactionSignedByAnotherAddressIsRefused() throws Exception {
        assertRefused(s -> s.signingWith(OTHER), "it is signed by " + OTHER.getAddress());
    }

    @Test
    void garbageAndNoResultAreRefused() throws Exception {
        assertRefused(s -> s.answering("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x02c0ffee\"}"), "not a transaction");
        assertRefused(s -> s.answering("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tx\":{}}}"), "no raw transaction");
        assertRefused(s -> s.answering("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"locked\"}}"),
                "refused eth_signTransaction");
    }

    @Test
    void anUnreachableSignerIsAnIOExceptionNamingHostAndPortOnly() {
        RemoteTransactionSigner signer = new RemoteTransactionSigner(Remote.at(
                URI.create("http://user:s3cret@127.0.0.1:1/path?token=t0ken"), SUBMITTER.getAddress(), Api.ETH));
        IOException e = assertThrows(IOException.class, () -> signer.sign(SUBMITTER.getAddress(), TX, CHAIN));
        assertTrue(e.getMessage().contains("at http://127.0.0.1:1 cannot be reached"), e.getMessage());
        SignerKeyTest.assertNoSecret(e.getMessage(), "s3cret", "t0ken", "/path");
        signer.checkAtStart(); // unreachable at start: said, not fatal — it may answer later
    }

    @Test
    void itSignsOnlyForItsAddressAndRefusesAmbiguity() throws Exception {
        try (StandInRemoteSigner stand = new StandInRemoteSigner(SUBMITTER)) {
            stand.accounts(List.of(SUBMITTER.getAddress(), OTHER.getAddress()));
            IllegalStateException ambiguous = assertThrows(IllegalStateException.class,
                    () -> new RemoteTransactionSigner(Remote.at(stand.url(), null, Api.ETH)).addresses());
            assertTrue(ambiguous.getMessage().contains("holds 2 accounts")
                    && ambiguous.getMessage().contains("opwb.submission.remote-signer.address"), ambiguous.getMessage());

            RemoteTransactionSigner signer = new RemoteTransactionSigner(Remote.at(stand.url(), SUBMITTER.getAddress(), Api.ETH));
            signer.checkAtStart();
            assertThrows(IllegalStateException.class, () -> signer.sign(OTHER.getAddress(), TX, CHAIN));

            stand.accounts(List.of(OTHER.getAddress()));
            IllegalStateException notHeld = assertThrows(IllegalStateException.class,
                    () -> new RemoteTransactionSigner(Remote.at(stand.url(), SUBMITTER.getAddress(), Api.ETH)).checkAtStart());
            assertTrue(notHeld.getMessage().contains("does not hold"), notHeld.getMessage());
        }
    }

    private static void assertRefused(java.util.function.Consumer<StandInRemoteSigner> misbehave, String reason)
            throws Exception {
        try (StandInRemoteSigner stand = new StandInRemoteSigner(SUBMITTER)) {
            misbehave.accept(stand);
            RemoteTransactionSigner signer = new RemoteTransactionSigner(Remote.at(stand.url(), SUBMITTER.getAddress(),
                    Api.ETH));
            IOException e = assertThrows(IOException.class, () -> signer.sign(SUBMITTER.getAddress(), TX, CHAIN));
            assertTrue(e.getMessage().contains(reason), e.getMessage());
        }
    }
}
