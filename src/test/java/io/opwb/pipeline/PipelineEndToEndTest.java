package io.opwb.pipeline;

import io.opwb.devnet.Devnet;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The end-to-end mix ({@link EndToEndMixScenario}) on the real OptimismPortal2 3.10.0 of contracts-bedrock 0.17.3. */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PipelineDevnetTestResource.class)
class PipelineEndToEndTest extends EndToEndMixScenario {

    @Override
    protected Devnet devnet() {
        return PipelineDevnetTestResource.devnet();
    }
}
