package io.opwb.pipeline;

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
        new SubmissionKeyCheck().onStart(new io.quarkus.runtime.StartupEvent(), readOnly,
                new PipelineCycle.Disabled(readOnly, "all"), noKey);
        PipelineConfig send = pipeline(PipelineConfig.Mode.SEND);
        assertThrows(AssertionError.class, () -> new SubmissionKeyCheck().onStart(new io.quarkus.runtime.StartupEvent(),
                send, new PipelineCycle.Disabled(send, "all"), noKey), "sending asks for it");
    }

    private static PipelineConfig pipeline(PipelineConfig.Mode mode) {
        return (PipelineConfig) Proxy.newProxyInstance(PipelineConfig.class.getClassLoader(),
                new Class<?>[] { PipelineConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "mode" -> mode;
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
                    if (method.getReturnType() == Optional.class) {
                        return Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
