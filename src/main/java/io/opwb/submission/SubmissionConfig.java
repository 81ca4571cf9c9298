package io.opwb.submission;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The L1 signing key and how transactions are sent. Give exactly one key source: a private key
 * (environment variable {@code OPWB_SUBMISSION_PRIVATE_KEY}), a file holding one, an encrypted
 * JSON keystore with its password, or a remote signer that holds the key ({@code remote-signer.url}).
 */
@ConfigMapping(prefix = "opwb.submission")
public interface SubmissionConfig {

    Optional<String> privateKey();

    Optional<Path> privateKeyFile();

    Optional<Path> keystoreFile();

    Optional<String> keystorePassword();

    /** A remote signer holding the submitter key, which then never enters the service. */
    RemoteSignerConfig remoteSigner();

    /**
     * {@code url}: a JSON-RPC signer; {@code address}: the submitter's (unset: the signer's one account);
     * {@code api}: {@code eth} ({@code eth_signTransaction}: Web3Signer, a node) or {@code clef}
     * ({@code account_signTransaction}); {@code timeout}: how long one signature may take.
     */
    interface RemoteSignerConfig {
        Optional<java.net.URI> url();

        Optional<String> address();

        @WithDefault("eth")
        Api api();

        @WithDefault("30s")
        java.time.Duration timeout();

        enum Api {
            ETH("eth_accounts", "eth_signTransaction"),
            CLEF("account_list", "account_signTransaction");

            private final String accountsMethod;
            private final String signMethod;

            Api(String accountsMethod, String signMethod) {
                this.accountsMethod = accountsMethod;
                this.signMethod = signMethod;
            }

            public String accountsMethod() {
                return accountsMethod;
            }

            public String signMethod() {
                return signMethod;
            }
        }
    }

    /** More submitter keys, comma-separated hex (manifest mode spreads a manifest's chunks over all keys). */
    Optional<List<String>> additionalPrivateKeys();

    /** The key that signs manifests (manifest mode); keep it cold: a keystore, or a remote signer. */
    ManifestSignerConfig manifestSigner();

    /**
     * One source: {@code private-key}, {@code private-key-file}, {@code keystore-file} (+ password);
     * or a remote signer: {@code url} (JSON-RPC with {@code eth_signTypedData_v4}) and {@code address}.
     */
    interface ManifestSignerConfig {
        Optional<String> privateKey();

        Optional<Path> privateKeyFile();

        Optional<Path> keystoreFile();

        Optional<String> keystorePassword();

        Optional<java.net.URI> url();

        Optional<String> address();
    }

    /** Blocks a receipt must be buried under before its batch counts as done. */
    @WithDefault("1")
    int confirmations();

    /**
     * Never offer more than this per gas (wei); default 200 gwei, over ten times Ethereum's usual base
     * fee (see the README). While the base fee alone reaches it, nothing is signed.
     */
    @WithDefault("200000000000")
    BigInteger maxFeePerGasWei();

    /** A transaction not mined this long after it was sent is replaced with higher fees (same nonce). */
    @WithDefault("3m")
    java.time.Duration replaceAfter();

    /** How much a replacement raises both fees, in percent (nodes require at least 10). */
    @WithDefault("12")
    int feeBumpPercent();

    /** A nonce is replaced at most this many times; then its transaction waits as it is. */
    @WithDefault("10")
    int maxReplacements();

    /** A replacement never offers more than this many times the first attempt's max fee per gas. */
    @WithDefault("8")
    int maxFeeMultiple();

    /** How the fees a node suggests are checked before they are offered. */
    FeeSanityConfig feeSanity();

    /** See {@link FeeSanityPolicy}. */
    interface FeeSanityConfig {
        /** A next base fee or a tip more than this many times the recent base fee is not believed. */
        @WithDefault("10")
        int maxJump();

        /** The recent blocks whose base fees the node's are judged against. */
        @WithDefault("20")
        int historyBlocks();

        /** The recent base fee counts as at least this (wei): fees under max-jump times it are always believed. */
        @WithDefault("1000000000")
        BigInteger floorWei();
    }

    /** Readiness fails while the signer holds less than this (wei); default 0.1 ETH. */
    @WithDefault("100000000000000000")
    BigInteger minBalanceWei();
}
