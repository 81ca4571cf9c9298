package io.opwb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the command line answers before the service starts, and what it leaves to the service. */
class AnswerWithoutStartingTest {

    private static final String HASH = "0x" + "ab".repeat(32);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void helpListsEveryCommand() {
        assertEquals(OptionalInt.of(0), Main.answerWithoutStarting("--help"));
        for (String command : new String[] { "service", "status", "prove", "finalize", "deploy-batcher" }) {
            assertTrue(out().contains(command), out());
        }
    }

    @Test
    void aCommandsHelpAndTheHelpCommandAnswerToo() {
        assertEquals(OptionalInt.of(0), Main.answerWithoutStarting("finalize", "--help"));
        assertTrue(out().contains("--wait"), out());
        assertEquals(OptionalInt.of(0), Main.answerWithoutStarting("help", "prove"));
        assertTrue(out().contains("Usage: opwb prove"), out());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        assertEquals(OptionalInt.of(2), Main.answerWithoutStarting("status", "0x1234"));
        assertEquals("opwb status: Invalid value for positional parameter at index 0 (HASH): not a 32-byte hash "
                + "(0x and 64 hex digits): '0x1234' (see opwb status --help)", err().strip());
        assertEquals(OptionalInt.of(2), Main.answerWithoutStarting("finalize", HASH, "--wait", "soon"));
        assertEquals(OptionalInt.of(2), Main.answerWithoutStarting("unmint", HASH));
        assertEquals(3, err().strip().lines().count(), err());
    }

    @Test
    void whatNeedsTheServiceIsLeftToIt() {
        assertEquals(OptionalInt.empty(), Main.answerWithoutStarting());
        assertEquals(OptionalInt.empty(), Main.answerWithoutStarting("service"));
        assertEquals(OptionalInt.empty(), Main.answerWithoutStarting("status", HASH, "--no-sync"));
        assertEquals(OptionalInt.empty(), Main.answerWithoutStarting("finalize", HASH, "--wait", "2m"));
        assertEquals("", out() + err(), "nothing printed");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
