package io.opwb.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs contracts/scripts/verify-receipt.mjs, the documented independent check of a receipt, on one. */
public final class ReceiptVerifier {

    /** Its exit code (0: verified) and everything it printed. */
    public record Result(int exitCode, String output) {
        public boolean verified() {
            return exitCode == 0 && output.contains("receipt verified");
        }
    }

    private ReceiptVerifier() {
    }

    public static Result verify(String receiptJson, String l1RpcUrl) throws Exception {
        Process node = new ProcessBuilder("node", "scripts/verify-receipt.mjs", l1RpcUrl)
                .directory(new File("contracts")).redirectErrorStream(true).start();
        node.getOutputStream().write(receiptJson.getBytes(StandardCharsets.UTF_8));
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the verifier finished");
        return new Result(node.exitValue(), out);
    }
}
