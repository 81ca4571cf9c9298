package io.opwb.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/** Revert data is a stranger's bytes: every input gets a description, none an exception. */
class RevertReasonsTest {

    private static final String ERROR = "0x08c379a0";

    @Test
    void decodesAWellFormedErrorString() {
        String data = FunctionEncoder.encode(new Function("Error", java.util.List.of(new Utf8String("nope")), java.util.List.of()));
        assertEquals("nope", RevertReasons.describe(data));
    }

    @Test
    void anOffsetOrLengthPastTheDataIsShownAsBytes() {
        // offset 0x20, then a length far past the data: web3j's own decoder throws StringIndexOutOfBounds here
        String lengthPastData = ERROR + word(0x20) + word(1_000_000) + "41".repeat(8);
        assertTrue(RevertReasons.describe(lengthPastData).startsWith("reverted with a malformed Error(string): 0x08c379a0"),
                RevertReasons.describe(lengthPastData));
        String offsetPastData = ERROR + "ff".repeat(32);
        assertTrue(RevertReasons.describe(offsetPastData).startsWith("reverted with a malformed Error(string)"));
        assertTrue(RevertReasons.describe(ERROR).startsWith("reverted with a malformed Error(string)"));
        assertTrue(RevertReasons.describe(ERROR + "00").startsWith("reverted with a malformed Error(string)"));
    }

    @Test
    void controlCharactersAndHugeReasonsAreBounded() {
        String text = "a\nb\u0000c" + "x".repeat(5000);
        String data = FunctionEncoder.encode(new Function("Error", java.util.List.of(new Utf8String(text)), java.util.List.of()));
        String described = RevertReasons.describe(data);
        assertTrue(described.startsWith("a?b?c"), described);
        assertTrue(described.length() < RevertReasons.MAX_LENGTH + 40, "bounded: " + described.length());
        assertTrue(described.endsWith("(5005 characters)"), described);
    }

    @Test
    void namesPanicsAndKnownErrorsAndShowsOthersAsHex() {
        assertEquals("panic 0x11", RevertReasons.describe("0x4e487b71" + word(0x11)));
        assertEquals("reverted with CallPaused() — the portal is paused", RevertReasons.describe("0xf480973e"));
        assertEquals("reverted with 0xdeadbeef", RevertReasons.describe("0xDEADBEEF"));
        assertEquals("reverted without a reason", RevertReasons.describe("0x"));
        assertEquals("reverted without a reason", RevertReasons.describe((String) null));
        assertTrue(RevertReasons.describe("0xabc").startsWith("reverted with malformed data"));
        assertTrue(RevertReasons.describe("0xzz11").startsWith("reverted with malformed data"));
        assertTrue(RevertReasons.describe(new byte[] {(byte) 0x08, (byte) 0xc3, (byte) 0x79, (byte) 0xa0, 1})
                .startsWith("reverted with a malformed Error(string)"));
    }

    @Test
    void randomBytesAfterTheErrorSelectorNeverThrow() {
        Random random = new Random(18);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            if (body.length >= 32 && random.nextBoolean()) { // plausible offsets and lengths, to reach the deeper checks
                java.util.Arrays.fill(body, 0, 31, (byte) 0);
                body[31] = (byte) (random.nextBoolean() ? 0x20 : random.nextInt(256));
            }
            String data = ERROR + org.web3j.utils.Numeric.toHexStringNoPrefix(body);
            String described = RevertReasons.describe(data);
            assertTrue(described != null && described.length() <= RevertReasons.MAX_LENGTH + 40);
        }
    }

    private static String word(long value) {
        return org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(new Uint256(value).getValue(), 64);
    }

    @Test
    void namesTheCustomErrorsOfTheLaterPortalsTheLockboxAndTheRegistry() {
        assertEquals("reverted with OptimismPortal_ProofNotOldEnough() — the proof has not matured yet",
                RevertReasons.describe("0x" + RevertReasons.selectorOf("OptimismPortal_ProofNotOldEnough()")));
        assertTrue(RevertReasons.describe("0x" + RevertReasons.selectorOf("OptimismPortal_ImproperDisputeGame()"))
                .contains("not proper"));
        assertTrue(RevertReasons.describe("0x" + RevertReasons.selectorOf("ETHLockbox_InsufficientBalance()"))
                .startsWith("reverted with ETHLockbox_InsufficientBalance()"));
        // the selectors the service has long acted on are what their signatures hash to
        assertEquals("f480973e", RevertReasons.selectorOf("CallPaused()"));
        assertEquals("76c6c93a", RevertReasons.selectorOf("NotOperator(address)"));
        assertEquals("reverted with ClockNotExpired()", RevertReasons.describe("0x" + RevertReasons.selectorOf("ClockNotExpired()")));
        assertTrue(RevertReasons.isPause(RevertReasons.selectorOf("OptimismPortal_CallPaused()")));
        assertFalse(RevertReasons.isPause(RevertReasons.selectorOf("OptimismPortal_Unproven()")));
        assertFalse(RevertReasons.isPause(null));
    }
}
