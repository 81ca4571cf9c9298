package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Deployed code is compared byte for byte, but for the ranges the constructor fills with immutables. */
class RuntimeCodeTest {

    private static final RuntimeCode CODE = new RuntimeCode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
            List.of(new RuntimeCode.Range(2, 3)));

    @Test
    void aByteChangedInsideAnImmutableRangeStillMatches() {
        assertEquals(java.util.Optional.empty(), CODE.mismatch(new byte[] {1, 2, 9, 9, 9, 6, 7, 8}));
    }

    @Test
    void aByteChangedOutsideTheImmutableRangesIsAMismatch() {
        assertEquals("the code differs from the artifact at byte 5 (0x09, expected 0x06)",
                CODE.mismatch(new byte[] {1, 2, 3, 4, 5, 9, 7, 8}).orElseThrow());
        assertTrue(CODE.mismatch(new byte[] {1, 9, 3, 4, 5, 6, 7, 8}).isPresent(), "just before the range");
    }

    @Test
    void codeOfAnotherLengthIsAMismatch() {
        assertTrue(CODE.mismatch(new byte[] {1, 2, 3, 4, 5, 6, 7}).isPresent());
        assertTrue(CODE.mismatch(new byte[0]).isPresent(), "no code at all");
    }

    @Test
    void theBuildsWithdrawalBatcherArtifactIsOnTheClasspath() {
        RuntimeCode batcher = RuntimeCode.of("WithdrawalBatcher");
        assertTrue(batcher.code().length > 1000, "runtime code");
        assertTrue(!batcher.immutables().isEmpty(), "portal, outputOraclePortal and EIP-712's immutables");
        assertEquals(java.util.Optional.empty(), batcher.mismatch(batcher.code().clone()));
    }
}
