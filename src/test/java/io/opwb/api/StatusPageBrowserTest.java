package io.opwb.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.opwb.devnet.Devnet;
import io.opwb.devnet.InitiatedWithdrawal;
import io.opwb.devnet.TrafficGenerator;
import io.opwb.devnet.WithdrawalRequest;
import io.opwb.storage.WithdrawalStatus;
import io.opwb.testing.PipelineDevnetTestResource;
import io.opwb.testing.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The status page in headless Chromium against the service on the devnet with its pipeline on:
 * a withdrawal looked up by its hash shows its status and follows it live to FINALIZED (no
 * reload), with its L1 transactions; an L2 transaction hash lists its withdrawal; a withdrawal
 * whose target reverts shows SKIPPED with the reason; the dashboard shows counts and batches with
 * gas; a malformed or unknown hash shows the service's message. Needs Debian's chromium and
 * chromium-driver; tagged "browser", run with -Pbrowser.
 */
@Tag("browser")
@ExtendWith(StatusPageBrowserTest.RequiresChromium.class) // before the app and its devnet start
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PipelineDevnetTestResource.class)
class StatusPageBrowserTest {

    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    /** Runtime code that reverts on any call: PUSH1 0 PUSH1 0 REVERT. */
    private static final String REVERTING_CODE = "0x60006000fd";
    private static final String REVERTING_TARGET = "0x00000000000000000000000000000000000ba0bb";
    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");

    private static ChromeDriverService service;
    private static ChromeDriver browser;
    private static Path profile;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        File chromium = executable("CHROMIUM_BIN", "chromium");
        File driver = executable("CHROMEDRIVER_BIN", "chromedriver");
        profile = Files.createTempDirectory("opwb-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // --no-sandbox: the tests may run as root (CI does), where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        try {
            if (browser != null) {
                browser.quit(); // ends Chromium
            }
        } finally {
            if (service != null) {
                service.stop(); // ends chromedriver
            }
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    /** The program from the environment variable, or on PATH; a missing one fails the test with the install step. */
    private static File executable(String variable, String name) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            File f = new File(configured);
            if (f.canExecute()) {
                return f;
            }
            fail(variable + "=" + configured + " is not an executable file. The browser tests need Debian's chromium"
                    + " and chromium-driver: " + INSTALL);
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/usr/lib/chromium").split(":")) {
            File f = new File(dir, name);
            if (!dir.isEmpty() && f.canExecute()) {
                return f;
            }
        }
        return fail(name + " not found on PATH: the browser tests need Debian's chromium and chromium-driver. "
                + "Install them with: " + INSTALL + " (or set " + variable + ")");
    }

    /** Fails the class at once, naming the install step, when Chromium or its driver is missing. */
    static class RequiresChromium implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            executable("CHROMIUM_BIN", "chromium");
            executable("CHROMEDRIVER_BIN", "chromedriver");
        }
    }

    @Test
    void thePageLooksUpFollowsAndSummarizes() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        devnet.l1Rpc().setCode(REVERTING_TARGET, REVERTING_CODE);
        List<InitiatedWithdrawal> initiated = devnet.traffic()
                .initiateInOneBlock(TrafficGenerator.randomRequests(3, new SplittableRandom(66)));
        InitiatedWithdrawal reverting = devnet.traffic()
                .initiate(WithdrawalRequest.eth(REVERTING_TARGET, new BigInteger("10000000000000000")));
        InitiatedWithdrawal followed = initiated.get(0);
        String hash = followed.transaction().hashHex();
        awaitIndexed(hash);

        browser.get("http://127.0.0.1:" + port + "/");
        assertEquals("op-withdrawal-batcher", browser.getTitle());
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        // 1. A withdrawal hash: its card with a status of the lifecycle, and the live stream connected.
        lookUp(hash);
        String first = await(Duration.ofSeconds(20), "the status of " + hash,
                b -> textOf(card(hash) + " .status"));
        assertTrue(Arrays.stream(WithdrawalStatus.values()).anyMatch(s -> s.name().equals(first)), first);
        assertTrue(textOf(card(hash) + " .kind").startsWith("direct call to "), textOf(card(hash) + " .kind"));
        await(Duration.ofSeconds(20), "the stream connected", b -> "live".equals(textOf(card(hash) + " .live")) ? true : null);
        assertTrue(textOf("#lookup-message").startsWith("Withdrawal " + hash), textOf("#lookup-message"));

        // 2. Live to FINALIZED, without a reload: both L1 transactions and batch ids then shown.
        await(Duration.ofMinutes(4), hash + " FINALIZED on the page",
                b -> "FINALIZED".equals(textOf(card(hash) + " .status")) ? true : null);
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"),
                "the page was not reloaded");
        String proveTx = await(Duration.ofSeconds(10), "the prove transaction", b -> txHashIn(card(hash) + " .prove-tx"));
        String finalizeTx = await(Duration.ofSeconds(10), "the finalize transaction",
                b -> txHashIn(card(hash) + " .finalize-tx"));
        Map<String, Object> view = given().get("/api/withdrawals/" + hash).then().statusCode(200).extract().jsonPath()
                .getMap("");
        assertEquals(view.get("proveTxHash"), proveTx);
        assertEquals(view.get("finalizeTxHash"), finalizeTx);
        assertEquals("#" + view.get("proveBatchId"), textOf(card(hash) + " .prove-batch"));
        assertEquals("#" + view.get("finalizeBatchId"), textOf(card(hash) + " .finalize-batch"));
        assertTrue(textOf(card(hash)).contains("target call succeeded"), textOf(card(hash)));

        // 3. An L2 transaction hash: the withdrawal it initiated.
        InitiatedWithdrawal other = initiated.get(1);
        String otherHash = other.transaction().hashHex();
        lookUp(other.l2TxHash());
        String otherL2Tx = await(Duration.ofSeconds(20), "the withdrawal of L2 transaction " + other.l2TxHash(),
                b -> textOf(card(otherHash) + " .l2-tx"));
        assertEquals(other.l2TxHash(), otherL2Tx);
        assertEquals(1, textsOf("article.withdrawal").size(), "only its withdrawal");
        assertTrue(textOf("#lookup-message").contains("initiated 1 withdrawal"), textOf("#lookup-message"));

        // 4. A withdrawal that cannot succeed: SKIPPED, with the reason.
        String skipped = reverting.transaction().hashHex();
        lookUp(skipped);
        await(Duration.ofMinutes(2), skipped + " SKIPPED on the page",
                b -> "SKIPPED".equals(textOf(card(skipped) + " .status")) ? true : null);
        assertTrue(textOf(card(skipped) + " .reason").contains("target would revert"), textOf(card(skipped) + " .reason"));

        // 5. The dashboard: counts by status, recent batches with gas per withdrawal, gas totals.
        long finalized = await(Duration.ofSeconds(30), "FINALIZED counted on the dashboard", b -> {
            long n = number(textOf("#status-counts tr[data-status=FINALIZED] td"));
            return n >= 1 ? n : null;
        });
        assertTrue(finalized >= 1);
        assertTrue(number(textOf("#status-counts tr[data-status=SKIPPED] td")) >= 1, "skipped counted");
        assertEquals(WithdrawalStatus.values().length + 1, textsOf("#status-counts tbody tr").size(),
                "every status, and all");
        assertTrue(number(textOf("#status-counts tr[data-status=ALL] td")) >= 4, "all withdrawals counted");
        List<String> perWithdrawal = textsOf("#recent-batches tbody tr[data-batch-id] .gas-per-withdrawal");
        assertTrue(perWithdrawal.size() >= 2, "a prove and a finalize batch listed: " + perWithdrawal);
        assertTrue(perWithdrawal.stream().anyMatch(t -> number(t) > 0), "gas per withdrawal shown: " + perWithdrawal);
        for (String saved : textsOf("#recent-batches tbody tr[data-batch-id] .gas-saved")) {
            assertTrue(saved.equals("—") || saved.matches("-?[0-9,]+"), "gas saved shown as a number or —: " + saved);
        }
        assertTrue(number(textOf("#total-gas-used")) > 0, "total gas used");
        assertTrue(number(textOf("#total-prove-batches")) >= 1 && number(textOf("#total-finalize-batches")) >= 1);
        assertNotNull(textOf("#total-gas-saved"), "total gas saved shown");

        // 6. A malformed hash and an unknown one: the service's message.
        lookUp("0x1234");
        String malformed = await(Duration.ofSeconds(10), "the malformed-hash message",
                b -> textOf("#lookup-message.error"));
        assertTrue(malformed.contains("Malformed hash") && malformed.contains("must be 0x followed by 64 hex digits"),
                malformed);
        assertEquals(0, textsOf("article.withdrawal").size(), "no card for it");
        String unknown = "0x" + "ab".repeat(32);
        lookUp(unknown);
        String unknownMessage = await(Duration.ofSeconds(10), "the unknown-hash message",
                b -> {
                    String m = textOf("#lookup-message.error");
                    return m != null && m.startsWith("Unknown hash") ? m : null;
                });
        assertTrue(unknownMessage.contains("no withdrawal with hash " + unknown), unknownMessage);

        // No script error on the way (failed look-ups are expected 400/404 answers, not errors).
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(m -> !m.contains("Failed to load resource")).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    private static void lookUp(String text) {
        WebElement input = browser.findElement(By.id("hash"));
        input.clear();
        input.sendKeys(text);
        browser.findElement(By.cssSelector("#lookup button[type=submit]")).click();
    }

    private static String card(String hash) {
        return "article.withdrawal[data-hash='" + hash + "']";
    }

    /**
     * The text of the first match, or null while there is none (read in one script: live updates
     * re-render the cards and tables, which would leave an element found earlier stale).
     */
    private static String textOf(String css) {
        List<String> texts = textsOf(css);
        return texts.isEmpty() || texts.get(0).isEmpty() ? null : texts.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> textsOf(String css) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText.trim());", css);
    }

    private static String txHashIn(String css) {
        String text = textOf(css);
        return text != null && TX_HASH.matcher(text).matches() ? text : null;
    }

    private static long number(String text) {
        if (text == null) {
            return -1;
        }
        String digits = text.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, timeout, Duration.ofMillis(250)).withMessage(() -> what + "; the page: "
                + diagnostics()).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** What the page shows of the look-up, and what the browser logged: for failure messages. */
    private static String diagnostics() {
        String results = String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('results').innerText;"));
        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString).toList();
        return "message [" + textOf("#lookup-message") + "], results [" + results + "], console " + console;
    }

    /** The service has indexed it (the page would otherwise say it is unknown). */
    private static void awaitIndexed(String hash) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (given().get("/api/withdrawals/" + hash).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                fail("withdrawal " + hash + " not indexed within 60 s");
            }
            Thread.sleep(250);
        }
    }
}
