package io.opwb.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One database and one devnet per test class, outliving the service processes the tests kill. */
abstract class ServiceProcessTestBase {

    static ProcessTestBed bed;

    @BeforeAll
    static void startBed() throws Exception {
        bed = new ProcessTestBed();
    }

    @AfterAll
    static void stopBed() throws Exception {
        if (bed != null) {
            bed.close();
        }
    }
}
