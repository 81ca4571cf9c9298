package io.opwb.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The gas bounds against WithdrawalBatcher.sol's guards. */
class GasModelTest {

    static final long BUDGET = 15_000_000;

    @Test
    void finalizeGasNeededForAZeroGasLimit() {
        // implementation = 0 * 64 / 63 + 40,000 + 100,000            = 140,000
        // proxy          = 140,000 * 64 / 63 = 142,222 (floor) + 10,000 = 152,222
        // needed         = 152,222 * 64 / 63 = 9,742,208 / 63          = 154,638 (floor)
        assertEquals(154_638, GasModel.finalizeGasNeeded(BigInteger.ZERO));
    }

    @Test
    void finalizeGasNeededForA100kGasLimit() {
        // implementation = 6,400,000 / 63 = 101,587 + 140,000       = 241,587
        // proxy          = 15,461,568 / 63 = 245,421 + 10,000       = 255,421
        // needed         = 16,346,944 / 63                           = 259,475
        assertEquals(259_475, GasModel.finalizeGasNeeded(BigInteger.valueOf(100_000)));
    }

    @Test
    void finalizeGasNeededFor14MillionGasLimit() {
        // implementation = 896,000,000 / 63 = 14,222,222 + 140,000  = 14,362,222
        // proxy          = 919,182,208 / 63 = 14,590,193 + 10,000   = 14,600,193
        // needed         = 934,412,352 / 63                          = 14,831,942
        assertEquals(14_831_942, GasModel.finalizeGasNeeded(BigInteger.valueOf(14_000_000)));
    }

    @Test
    void finalizeGasNeededMatchesTheSolidityFormulaOverARange() {
        for (long g = 0; g < 3_000_000; g += 7_919) {
            long impl = g * 64 / 63 + 40_000 + 100_000;
            long proxy = impl * 64 / 63 + 10_000;
            assertEquals(proxy * 64 / 63, GasModel.finalizeGasNeeded(BigInteger.valueOf(g)), "gas limit " + g);
        }
    }

    @Test
    void theGasForwardedToThePortalIsTheProxyLevelBoundAndLeavesTheTargetItsGasLimitAndNoMore() {
        // the proxy line of the 14M example above
        assertEquals(14_600_193, GasModel.finalizeGasForwarded(BigInteger.valueOf(14_000_000)));
        // a target gets at most its gas limit plus the portal's unspent overhead and reserve
        assertEquals(BigInteger.valueOf(14_222_222 + 140_000), GasModel.maxTargetGas(BigInteger.valueOf(14_000_000), 0));
        for (long g = 0; g < 3_000_000; g += 7_919) {
            long forwarded = GasModel.finalizeGasForwarded(BigInteger.valueOf(g));
            assertEquals(forwarded * 64 / 63, GasModel.finalizeGasNeeded(BigInteger.valueOf(g)));
            // what the proxy passes on (63/64 after its own overhead) covers what the portal needs
            assertTrue((forwarded - GasModel.PROXY_OVERHEAD_GAS) * 63 / 64 >= g * 64 / 63 + 140_000 - 1, "gas limit " + g);
        }
    }

    @Test
    void dataCostsTheGasOfItsCopiesHashesAndMemory() {
        assertEquals(0, GasModel.finalizeDataGas(0));
        // 24 KB: 768 words; 2,304 memory words: 21 * 768 + 3 * 2,304 + 2,304^2 / 512
        assertEquals(16_128 + 6_912 + 10_368, GasModel.finalizeDataGas(24 * 1024));
        long forwarded = GasModel.finalizeGasForwarded(BigInteger.valueOf(1_000_000), 24 * 1024);
        assertEquals((1_000_000L * 64 / 63 + 140_000 + 33_408) * 64 / 63 + 10_000, forwarded);
        assertEquals(forwarded * 64 / 63 + 33_408, GasModel.finalizeGasNeeded(BigInteger.valueOf(1_000_000), 24 * 1024));
        assertEquals(GasModel.finalizeGasNeeded(BigInteger.valueOf(1_000_000), 24 * 1024) + (256 + 24 * 1024) * 16,
                GasModel.finalizeItem(BigInteger.valueOf(1_000_000), 24 * 1024));
    }

    @Test
    void aSimulatedCallGetsItsExecutionGasAfterIntrinsicGasAndTheCalldataFloor() {
        assertEquals(BigInteger.valueOf(100_000 + 21_000), GasModel.transactionGasFor(BigInteger.valueOf(100_000), new byte[0]));
        // 2 zero bytes (4 each) and 2 non-zero bytes (16 each)
        assertEquals(BigInteger.valueOf(100_000 + 21_000 + 8 + 32),
                GasModel.transactionGasFor(BigInteger.valueOf(100_000), new byte[] {0, 1, 0, 2}));
        // 24 KB of non-zero bytes and a small gas limit: the EIP-7623 floor, 21k + 24,576 * 4 * 10, decides
        byte[] large = new byte[24 * 1024];
        java.util.Arrays.fill(large, (byte) 0x5a);
        assertEquals(BigInteger.valueOf(21_000 + 24_576L * 40), GasModel.transactionGasFor(BigInteger.valueOf(100_000), large));
        assertEquals(BigInteger.valueOf(1_000_000 + 21_000 + 24_576L * 16),
                GasModel.transactionGasFor(BigInteger.valueOf(1_000_000), large));
    }

    @Test
    void finalizeItemAddsTheCalldata() {
        assertEquals(154_638 + 256 * 16, GasModel.finalizeItem(BigInteger.ZERO, 0));
        // 100 bytes of data: 120 gas of copies and memory (4 words), in the portal's gas and in ours:
        // implementation 101,587 + 140,000 + 120 = 241,707; forwarded 245,543 + 10,000 = 255,543;
        // needed 259,599 + 120 = 259,719
        assertEquals(259_719 + (256 + 100) * 16, GasModel.finalizeItem(BigInteger.valueOf(100_000), 100));
    }

    @Test
    void proveItemBound() {
        assertEquals(150_000 + 3 * 30_000 + (256 + 100) * 16, GasModel.proveItem(3, 100));
        assertEquals(GasModel.proveItem(10, 0), GasModel.proveItemEstimate(0));
        assertEquals(150_000 + 10 * 30_000 + 256 * 16, GasModel.proveItemEstimate(0));
    }

    @Test
    void maxFinalizeGasLimitFitsTheBudgetAndIsNotFarBelowIt() {
        BigInteger max = GasModel.maxFinalizeGasLimit(BUDGET);
        long fits = GasModel.finalizeItem(max, 0) + GasModel.BATCH_BASE_GAS;
        long tooMuch = GasModel.finalizeItem(max.add(BigInteger.valueOf(100_000)), 0) + GasModel.BATCH_BASE_GAS;
        assertTrue(fits <= BUDGET, "max " + max + " needs " + fits);
        assertTrue(tooMuch > BUDGET, "max + 100k needs only " + tooMuch);
        assertEquals(BigInteger.valueOf(14_036_235), max);
    }

    @Test
    void maxFinalizeGasLimitFitsForOtherBudgetsToo() {
        for (long budget : new long[] {1_000_000, 5_000_000, 16_777_216, 30_000_000}) {
            BigInteger max = GasModel.maxFinalizeGasLimit(budget);
            assertTrue(max.signum() > 0, "budget " + budget);
            assertTrue(GasModel.finalizeItem(max, 0) + GasModel.BATCH_BASE_GAS <= budget, "budget " + budget);
            assertTrue(GasModel.finalizeItem(max.add(BigInteger.valueOf(100_000)), 0) + GasModel.BATCH_BASE_GAS > budget,
                    "budget " + budget);
        }
    }

    @Test
    void maxFinalizeGasLimitIsNeverNegative() {
        assertEquals(BigInteger.ZERO, GasModel.maxFinalizeGasLimit(200_000));
    }

    @Test
    void theJavaConstantsMirrorTheContract() throws IOException {
        Path sol = Path.of(System.getProperty("opwb.project.dir", "."), "contracts/src/WithdrawalBatcher.sol");
        String source = Files.readString(sol);
        Map<String, Long> constants = new HashMap<>();
        Matcher m = Pattern.compile("uint256\\s+(?:public\\s+|internal\\s+)?constant\\s+(\\w+)\\s*=\\s*([0-9_]+)\\s*;")
                .matcher(source);
        while (m.find()) {
            constants.put(m.group(1), Long.parseLong(m.group(2).replace("_", "")));
        }
        assertEquals(GasModel.PROVE_BASE_GAS, constants.get("PROVE_BASE_GAS"));
        assertEquals(GasModel.PROVE_GAS_PER_NODE, constants.get("PROVE_GAS_PER_NODE"));
        assertEquals(GasModel.FINALIZE_OVERHEAD_GAS, constants.get("FINALIZE_OVERHEAD_GAS"));
        assertEquals(GasModel.SAFE_CALL_RESERVE, constants.get("SAFE_CALL_RESERVE"));
        assertEquals(GasModel.PROXY_OVERHEAD_GAS, constants.get("PROXY_OVERHEAD_GAS"));
    }
}
