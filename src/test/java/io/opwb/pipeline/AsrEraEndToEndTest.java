package io.opwb.pipeline;

import io.opwb.devnet.Devnet;
import io.opwb.testing.AsrEraDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The end-to-end mix ({@link EndToEndMixScenario}) on the ASR era STAND-IN flavour: our stand-ins for
 * OptimismPortal2 5.6.1, the AnchorStateRegistry 3.9.0 and the ETHLockbox, beside the real 0.17.3 factory.
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(AsrEraDevnetTestResource.class)
class AsrEraEndToEndTest extends EndToEndMixScenario {

    @Override
    protected Devnet devnet() {
        return AsrEraDevnetTestResource.asrEraDevnet();
    }
}
