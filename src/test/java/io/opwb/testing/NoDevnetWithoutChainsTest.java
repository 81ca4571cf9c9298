package io.opwb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.junit.jupiter.api.Test;

import io.opwb.batching.BatchingConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A plain {@code @QuarkusTest} (chains unreachable, see {@link UnreachableChainsConfigSource}) must
 * not start the local devnet: that source exists "so that no test starts a devnet by accident".
 */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
class NoDevnetWithoutChainsTest {

    @Inject
    BatchingConfig batching;

    @Test
    void theLocalDevnetAnswersNoPropertyInATestWithoutChains() {
        ConfigValue maxAge = ConfigProvider.getConfig().getConfigValue("opwb.batching.max-age");
        // actual: source "local-devnet", value "30s" (the devnet's demo clock), and a devnet with actors running
        assertNotEquals("local-devnet", maxAge.getSourceName(), "opwb.batching.max-age = " + maxAge.getValue());
        assertEquals(Duration.ofMinutes(5), batching.maxAge());
        ConfigValue keyFile = ConfigProvider.getConfig().getConfigValue("opwb.submission.private-key-file");
        assertNull(keyFile.getValue());
    }
}
