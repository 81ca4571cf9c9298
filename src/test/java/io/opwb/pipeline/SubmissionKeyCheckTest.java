package io.opwb.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opwb.submission.SignerKey;
import io.opwb.submission.SubmissionConfig;

/** The start-up key check: a missing or bad key stops a sending replica with the setting to fix, never the secret. */
class SubmissionKeyCheckTest {

    @Test
    void aMissingKeyNamesTheSettingsAndTheReadOnlyMode() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SubmissionKeyCheck.check(new SignerKey(config(null))));
        assertTrue(e.getMessage().contains("opwb.submission.private-key"), e.getMessage());
        assertTrue(e.getMessage().contains("OPWB_PIPELINE_MODE=read-only"), e.getMessage());
    }

    @Test
    void aMalformedKeyIsRefusedWithoutPrintingIt() {
        String secret = "0x12345678deadbeef";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SubmissionKeyCheck.check(new SignerKey(config(secret))));
        assertFalse(e.getMessage().contains("deadbeef"), e.getMessage());
        assertTrue(e.getMessage().contains("32-byte"), e.getMessage());
    }

    @Test
    void aGoodKeyPasses() {
        SubmissionKeyCheck.check(new SignerKey(config(io.opwb.devnet.DevnetAccounts.SERVICE_KEY)));
    }

    @Test
    void readOnlyNeedsNoKey() {
        @SuppressWarnings("unchecked")
        jakarta.enterprise.inject.Instance<SignerKey> noKey = (jakarta.enterprise.inject.Instance<SignerKey>) Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] { jakarta.enterprise.inject.Instance.class },
                        (proxy, method, args) -> {
                            throw new AssertionError("the key was asked for: " + method.getName());
                        });
        PipelineConfig readOnly = pipeline(PipelineConfig.Mode.READ_ONLY);
        new SubmissionKeyCheck().onStart(new io.quarkus.runtime.StartupEvent(), readOnly, null,
                new PipelineCycle.Disabled(readOnly, "all"), noKey, null, null, null);
        PipelineConfig send = pipeline(PipelineConfig.Mode.SEND);
        assertThrows(AssertionError.class, () -> new SubmissionKeyCheck().onStart(new io.quarkus.runtime.StartupEvent(),
                send, null, new PipelineCycle.Disabled(send, "all"), noKey, null, null, null), "sending asks for it");
    }

    @Test
    void feeSettingsThatCannotWorkStopTheStart() {
        SubmissionKeyCheck.checkFeeSettings(fees(10, 20));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SubmissionKeyCheck.checkFeeSettings(fees(10, 40)));
        assertEquals("fee settings (opwb.submission.*): over 40 blocks a real chain's base fee can reach 11.9 times "
                + "their lower median: a max jump of 10 would doubt it", e.getMessage());
    }

    /** The default fee settings, but for the sanity check's jump and history. */
    private static SubmissionConfig fees(int maxJump, int historyBlocks) {
        SubmissionConfig.FeeSanityConfig sanity = (SubmissionConfig.FeeSanityConfig) Proxy.newProxyInstance(
                SubmissionConfig.class.getClassLoader(), new Class<?>[] { SubmissionConfig.FeeSanityConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "maxJump" -> maxJump;
                    case "historyBlocks" -> historyBlocks;
                    case "floorWei" -> java.math.BigInteger.TEN.pow(9);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (SubmissionConfig) Proxy.newProxyInstance(SubmissionConfig.class.getClassLoader(),
                new Class<?>[] { SubmissionConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "feeBumpPercent" -> 12;
                    case "maxFeePerGasWei" -> java.math.BigInteger.valueOf(200_000_000_000L);
                    case "maxReplacements" -> 10;
                    case "maxFeeMultiple" -> 8;
                    case "feeSanity" -> sanity;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aDryRunNeedsTheOperatorsAddressNotAKey() {
        jakarta.enterprise.inject.Instance<SignerKey> noKey = keyInstance(new SignerKey(config(null)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SubmissionKeyCheck.checkDryRun(pipeline(PipelineConfig.Mode.DRY_RUN), manifests(false), noKey));
        assertTrue(e.getMessage().contains("OPWB_PIPELINE_DRY_RUN_FROM"), e.getMessage());
        SubmissionKeyCheck.checkDryRun(pipeline(PipelineConfig.Mode.DRY_RUN, "0x90F79bf6EB2c4f870365E785982E1f101E93b906"),
                manifests(false), noKey);
        assertThrows(IllegalStateException.class, () -> SubmissionKeyCheck.checkDryRun(
                pipeline(PipelineConfig.Mode.DRY_RUN, "0x90F79bf6"), manifests(false), noKey), "not an address");
        IllegalStateException manifest = assertThrows(IllegalStateException.class, () -> SubmissionKeyCheck
                .checkDryRun(pipeline(PipelineConfig.Mode.DRY_RUN, "0x90F79bf6EB2c4f870365E785982E1f101E93b906"),
                        manifests(true), noKey));
        assertTrue(manifest.getMessage().contains("manifest mode"), manifest.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static jakarta.enterprise.inject.Instance<SignerKey> keyInstance(SignerKey key) {
        return (jakarta.enterprise.inject.Instance<SignerKey>) Proxy.newProxyInstance(
                SubmissionKeyCheckTest.class.getClassLoader(), new Class<?>[] { jakarta.enterprise.inject.Instance.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return key;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ManifestConfig manifests(boolean enabled) {
        return (ManifestConfig) Proxy.newProxyInstance(ManifestConfig.class.getClassLoader(),
                new Class<?>[] { ManifestConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("enabled")) {
                        return enabled;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static PipelineConfig pipeline(PipelineConfig.Mode mode) {
        return pipeline(mode, null);
    }

    private static PipelineConfig pipeline(PipelineConfig.Mode mode, String dryRunFrom) {
        return (PipelineConfig) Proxy.newProxyInstance(PipelineConfig.class.getClassLoader(),
                new Class<?>[] { PipelineConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "mode" -> mode;
                    case "dryRunFrom" -> Optional.ofNullable(dryRunFrom);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Submission settings with only this private key (or none); every other optional setting unset. */
    private static SubmissionConfig config(String privateKey) {
        return (SubmissionConfig) Proxy.newProxyInstance(SubmissionConfig.class.getClassLoader(),
                new Class<?>[] { SubmissionConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("privateKey")) {
                        return Optional.ofNullable(privateKey);
                    }
                    if (method.getName().equals("remoteSigner")) {
                        return noRemoteSigner();
                    }
                    if (method.getReturnType() == Optional.class) {
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SubmissionConfig.RemoteSignerConfig noRemoteSigner() {
        return (SubmissionConfig.RemoteSignerConfig) Proxy.newProxyInstance(SubmissionConfig.class.getClassLoader(),
                new Class<?>[] { SubmissionConfig.RemoteSignerConfig.class }, (proxy, method, args) -> {
                    if (method.getReturnType() == Optional.class) {
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
