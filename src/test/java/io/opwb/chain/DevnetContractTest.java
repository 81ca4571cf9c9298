package io.opwb.chain;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.DevnetOptions;

/** Contract tests against a devnet of their own (mainnet clocks, auto-mining), started once per class. */
abstract class DevnetContractTest {

    static Devnet devnet;
    static WithdrawalBatcherFixture fx;

    @BeforeAll
    static void startDevnet() {
        devnet = Devnet.start(DevnetOptions.forTests());
        fx = new WithdrawalBatcherFixture(devnet);
    }

    @AfterAll
    static void stopDevnet() {
        if (devnet != null) {
            devnet.close();
            devnet = null;
        }
    }
}
