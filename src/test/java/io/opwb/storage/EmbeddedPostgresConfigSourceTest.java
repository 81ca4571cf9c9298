package io.opwb.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** When the embedded database may start: the demo, or when asked; never silently beside real chains. */
class EmbeddedPostgresConfigSourceTest {

    @Test
    void onlyTheDemoOrAnExplicitRequestGetsAnEmbeddedDatabase() {
        assertTrue(EmbeddedPostgresConfigSource.embeddedAllowed(null, true), "the demo: devnet chains, no database");
        assertFalse(EmbeddedPostgresConfigSource.embeddedAllowed(null, false), "real chains, no database: refused");
        assertTrue(EmbeddedPostgresConfigSource.embeddedAllowed("true", false), "asked for beside real chains");
        assertFalse(EmbeddedPostgresConfigSource.embeddedAllowed("false", true), "turned off for the demo too");
    }

    @Test
    void aStartAgainstRealChainsWithNoDatabaseIsRefusedWithWhatToSet() {
        // Tests run with the devnet default off (the pom's opwb.devnet.enabled=false), i.e. as a real deployment.
        assumeTrue(System.getProperty(EmbeddedPostgresConfigSource.REACTIVE_URL) == null
                && System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") == null
                && System.getProperty(EmbeddedPostgresConfigSource.EMBEDDED_PROPERTY) == null
                && System.getenv("OPWB_DATABASE_EMBEDDED") == null, "no database settings in this JVM");
        assumeTrue("false".equals(System.getProperty("opwb.devnet.enabled")), "the devnet default is off");
        EmbeddedPostgresConfigSource source = new EmbeddedPostgresConfigSource();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> source.getValue(EmbeddedPostgresConfigSource.REACTIVE_URL));
        assertTrue(refused.getMessage().contains("QUARKUS_DATASOURCE_REACTIVE_URL")
                && refused.getMessage().contains("OPWB_DATABASE_EMBEDDED=true"), refused.getMessage());
        assertNull(source.getValue("quarkus.http.port"), "it answers for the database URLs only");
    }
}
