package io.opwb.submission;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The L1 signing key and how transactions are sent. Give exactly one key source: a private key
 * (environment variable {@code OPWB_SUBMISSION_PRIVATE_KEY}), a file holding one, or an encrypted
 * JSON keystore with its password.
 */
@ConfigMapping(prefix = "opwb.submission")
public interface SubmissionConfig {

    Optional<String> privateKey();

    Optional<Path> privateKeyFile();

    Optional<Path> keystoreFile();

    Optional<String> keystorePassword();

    /** Blocks a receipt must be buried under before its batch counts as done. */
    @WithDefault("1")
    int confirmations();

    /** Never pay more than this per gas (wei); unset: no cap. */
    Optional<BigInteger> maxFeePerGasWei();

    /** A transaction not mined this long after it was sent is replaced with higher fees (same nonce). */
    @WithDefault("3m")
    java.time.Duration replaceAfter();

    /** How much a replacement raises both fees, in percent (nodes require at least 10). */
    @WithDefault("12")
    int feeBumpPercent();

    /** Readiness fails while the signer holds less than this (wei); default 0.1 ETH. */
    @WithDefault("100000000000000000")
    BigInteger minBalanceWei();
}
