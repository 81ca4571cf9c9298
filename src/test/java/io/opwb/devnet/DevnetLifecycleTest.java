package io.opwb.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.opwb.chain.OutputRootReader;
import io.opwb.proof.StorageProofs;

/** Starting, filling and stopping the devnet. */
class DevnetLifecycleTest {

    @Test
    void fillerDeepensProofsAndCloseStopsBothChains() throws Exception {
        long[] pids;
        try (Devnet devnet = Devnet.start(DevnetOptions.forTests())) {
            pids = devnet.pids();
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "anvil " + pid + " runs");
            }
            assertEquals(BigInteger.valueOf(900), devnet.l1().ethChainId().send().getChainId());
            assertEquals(BigInteger.valueOf(901), devnet.l2().ethChainId().send().getChainId());
            // The default run gets the devnet's settings through DevnetConfigSource: it must answer every one.
            assertTrue(DevnetConfigSource.KEYS.containsAll(devnet.serviceConfig().keySet()),
                    "DevnetConfigSource answers " + DevnetConfigSource.KEYS + "; the devnet sets "
                            + devnet.serviceConfig().keySet());

            InitiatedWithdrawal shallow = devnet.traffic().initiate(
                    TrafficGenerator.randomRequests(1, new SplittableRandom(1))).get(0);
            int shallowDepth = proofDepth(devnet, shallow);

            devnet.filler().fill(0, 20_000);
            InitiatedWithdrawal deep = devnet.traffic().initiate(
                    TrafficGenerator.randomRequests(1, new SplittableRandom(2))).get(0);
            int deepDepth = proofDepth(devnet, deep);
            assertTrue(deepDepth >= 4 && deepDepth > shallowDepth,
                    "20k slots give a deeper proof: " + shallowDepth + " -> " + deepDepth);
            // The filled storage is part of the state the output root commits to.
            assertFalse(java.util.Arrays.equals(new OutputRootReader(devnet.l2()).at(shallow.l2BlockNumber()).root(),
                    new OutputRootReader(devnet.l2()).at(deep.l2BlockNumber()).root()));
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "anvil " + pid + " stopped");
        }
    }

    private static int proofDepth(Devnet devnet, InitiatedWithdrawal w) throws Exception {
        byte[] slot = w.transaction().storageSlot();
        return new StorageProofs(devnet.l2()).at(w.l2BlockNumber(), List.of(slot)).forSlot(slot).nodes().size();
    }
}
