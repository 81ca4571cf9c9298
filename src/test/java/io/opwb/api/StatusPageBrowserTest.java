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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
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

import io.opwb.devnet.BridgeDeployment;
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
import io.restassured.path.json.JsonPath;

/**
 * The status page in headless Chromium against the service on the devnet with its pipeline on, as
 * the people whose withdrawals they are use it: a look-up's shareable link, and a card's, open the
 * page at the card; a token withdrawal's progress line advances step by step, live, to finalized
 * (no reload), each step with its time in the viewer's time zone and its transaction; amounts in
 * ETH and in the token's symbol and decimals; addresses short with the full value on hover and a
 * copy button; an address's withdrawals newest first, a page at a time; a skipped withdrawal says
 * why; the dashboard's gas chart has one pair of bars per recent batch with the API's figures, and
 * the other pictures the API's numbers; a malformed or unknown input shows the service's message.
 * Screenshots of a card and the dashboard go to target/screenshots. Needs Debian's chromium and
 * chromium-driver (tagged "browser"; part of the default run, .ci/run installs them).
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
    private static final String TOKEN_TO = "0x00000000000000000000000000000000000f7412";
    private static final String ETH_TO = "0x00000000000000000000000000000000000f7411";
    private static final String ALL_DONE = "DONE,DONE,DONE,DONE";
    /** The browser's time zone (set for it below), and how it names it in times: the page shows the viewer's zone. */
    private static final String ZONE = "Asia/Kathmandu";
    private static final String ZONE_NAME = "GMT+5:45";
    /** The page's withdrawals per page of an address (app.js ADDRESS_PAGE_SIZE). */
    private static final int ADDRESS_PAGE = 5;

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
                "--no-first-run", "--window-size=1280,1000", "--lang=en-US", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort()
                .withEnvironment(Map.of("TZ", ZONE)).build(); // Chromium inherits it: a zone that is not the machine's
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
    void thePageShowsProgressAmountsLinksAndPictures() throws Exception {
        Devnet devnet = PipelineDevnetTestResource.devnet();
        BridgeDeployment bridges = devnet.bridgeTraffic().bridges();
        devnet.bridgeTraffic().fundToken(BigInteger.TEN.pow(20));
        devnet.l1Rpc().setCode(REVERTING_TARGET, REVERTING_CODE);
        InitiatedWithdrawal token = devnet.bridgeTraffic().withdrawToken(TOKEN_TO, new BigInteger("7000000000000000000"));
        InitiatedWithdrawal eth = devnet.bridgeTraffic().withdrawEth(ETH_TO, new BigInteger("120000000000000000"));
        List<InitiatedWithdrawal> direct = devnet.traffic()
                .initiateInOneBlock(TrafficGenerator.randomRequests(6, new SplittableRandom(66)));
        InitiatedWithdrawal reverting = devnet.traffic()
                .initiate(WithdrawalRequest.eth(REVERTING_TARGET, new BigInteger("10000000000000000")));
        String followed = token.transaction().hashHex();
        awaitIndexed(followed);

        // 1. Looked up by its L2 transaction: the page's address becomes that look-up's shareable link.
        browser.get(base() + "/");
        assertEquals("op-withdrawal-batcher", browser.getTitle());
        lookUp(token.l2TxHash());
        await(Duration.ofSeconds(20), "the card of " + followed, b -> textOf(card(followed) + " .progress"));
        assertEquals(base() + "/?l2tx=" + token.l2TxHash(), browser.getCurrentUrl(), "the URL says what is shown");

        // 2. Its card's link opens the page straight at the card.
        String link = browser.findElement(By.cssSelector(card(followed) + " a.permalink")).getDomAttribute("href");
        assertEquals("/?withdrawal=" + followed, link);
        browser.get(base() + link);
        await(Duration.ofSeconds(20), "the card opened by its link", b -> textOf(card(followed) + " .progress"));
        assertTrue(textOf("#lookup-message").startsWith("Withdrawal " + followed), textOf("#lookup-message"));
        assertEquals(followed, valueOf("#hash"));
        await(Duration.ofSeconds(20), "the stream connected", b -> "live".equals(textOf(card(followed) + " .live")) ? true : null);
        script("window.sameDocument = true;");

        // 3. Walked through its steps live: the progress line advances without a reload.
        List<String> seen = new ArrayList<>();
        Path shots = Files.createDirectories(Path.of("target", "screenshots"));
        boolean[] cardShot = {false};
        await(Duration.ofMinutes(4), followed + " finalized on the page", b -> {
            String states = stepStates(followed);
            if (states != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(states))) {
                seen.add(states);
            }
            if (!cardShot[0] && states != null && states.startsWith("DONE,DONE,") && !states.endsWith(",DONE")) {
                cardShot[0] = screenshot(card(followed), shots.resolve("card.png"));
            }
            return ALL_DONE.equals(states) ? true : null;
        });
        assertEquals(Boolean.TRUE, script("return window.sameDocument === true;"), "the page was not reloaded");
        assertTrue(seen.size() >= 3, "the line advanced step by step: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(done(seen.get(i)) > done(seen.get(i - 1)), "each change completes a step: " + seen);
        }
        assertTrue(done(seen.get(0)) <= 2, "it was followed from before its proof matured: " + seen);
        if (!cardShot[0]) {
            screenshot(card(followed), shots.resolve("card.png"));
        }
        // Each step done with its time (in the viewer's time zone) and its transaction, as the API says.
        JsonPath view = given().get("/api/withdrawals/" + followed).then().statusCode(200).extract().jsonPath();
        for (String step : List.of("INITIATED", "PROVEN", "MATURED", "FINALIZED")) {
            String li = card(followed) + " li.step[data-step=" + step + "]";
            Map<String, Object> expected = view.getMap("progress.steps.find { it.step == '" + step + "' }");
            assertEquals("DONE", expected.get("state"), step);
            assertEquals(expected.get("at"), attributeOf(li + " time", "datetime"), step + " time");
            if (!step.equals("MATURED")) { // L1 times, and the L2 block's as anvil's log gives it
                assertNotNull(expected.get("at"), step + " time known");
                assertTrue(textOf(li + " .abs").contains(ZONE_NAME), step + " in the viewer's zone: " + textOf(li + " .abs"));
            }
            assertEquals(expected.get("txHash"), attributeOf(li + " .step-tx .hash", "data-full"), step + " transaction");
        }
        assertEquals(view.getString("l2TxHash"), attributeOf(card(followed) + " li[data-step=INITIATED] .hash", "data-full"));
        assertEquals(view.getString("finalization.l1TxHash"),
                attributeOf(card(followed) + " li[data-step=FINALIZED] .hash", "data-full"));
        assertEquals("Finalized: arrived on L1", textOf(card(followed) + " .status-words"));
        assertTrue(contentOf(card(followed) + " details.raw .reason").length() > 0, "the raw reason one click away");

        // 4. Amounts people read: a token in its symbol and decimals, ETH in ETH; addresses short, full on hover, copied.
        // The token's symbol and decimals are read once from its L1 contract, in the background: the card
        // drawn before then shows raw units; drawn again (looked up) after, the amount in DVT.
        awaitApi(followed, "transfer.symbol");
        lookUp(followed);
        assertEquals("7 DVT", await(Duration.ofSeconds(20), "the token amount", b -> textOf(card(followed) + " .amount")));
        assertEquals(bridges.l1Token().toLowerCase(), attributeOf(card(followed) + " .token", "title"));
        String from = devnet.bridgeTraffic().sender().toLowerCase();
        assertEquals(from, attributeOf(card(followed) + " .from", "title"));
        assertEquals(from.substring(0, 6) + "…" + from.substring(from.length() - 4), textOf(card(followed) + " .from"));
        assertEquals(TOKEN_TO, attributeOf(card(followed) + " .to", "title"));
        assertEquals(0L, countOf(card(followed) + " .ref a"), "no explorer links: none is configured on the devnet");
        String copy = card(followed) + " .to + button.copy";
        await(Duration.ofSeconds(10), "the address copied", b -> { // clicked again if the stream's update redrew the card
            if ("copied".equals(textOf(copy))) {
                return true;
            }
            b.findElement(By.cssSelector(copy)).click();
            return null;
        });
        String ethHash = eth.transaction().hashHex();
        lookUp(ethHash);
        String ethAmount = await(Duration.ofSeconds(20), "the ETH amount", b -> textOf(card(ethHash) + " .amount"));
        assertEquals("0.12 ETH", ethAmount);
        assertEquals(base() + "/?withdrawal=" + ethHash, browser.getCurrentUrl());

        // 5. By address: the sender's withdrawals, newest first, a page at a time; an L1 recipient's.
        String sender = devnet.traffic().sender();
        List<String> all = given().get("/api/addresses/" + sender + "/withdrawals?size=100").then().statusCode(200)
                .extract().jsonPath().getList("items.withdrawalHash");
        assertTrue(all.size() > ADDRESS_PAGE && all.containsAll(direct.stream().map(w -> w.transaction().hashHex()).toList()),
                "the sender's withdrawals: " + all);
        lookUp(sender);
        await(Duration.ofSeconds(20), "a page of the address's withdrawals",
                b -> textsOf("article.withdrawal").size() == ADDRESS_PAGE ? true : null);
        assertEquals(all.subList(0, ADDRESS_PAGE), cardHashes(), "newest first");
        assertEquals(base() + "/?address=" + sender, browser.getCurrentUrl());
        assertEquals(ADDRESS_PAGE * 4, textsOf("article.withdrawal li.step").size(), "each with its progress line");
        click("#more");
        await(Duration.ofSeconds(20), "the next page", b -> cardHashes().size() == Math.min(all.size(), 2 * ADDRESS_PAGE) ? true : null);
        assertEquals(all.subList(0, Math.min(all.size(), 2 * ADDRESS_PAGE)), cardHashes());
        assertEquals(all.size() > 2 * ADDRESS_PAGE, browser.findElement(By.id("more")).isDisplayed());
        lookUp(TOKEN_TO);
        await(Duration.ofSeconds(20), "the L1 recipient's withdrawal", b -> List.of(followed).equals(cardHashes()) ? true : null);

        // 6. A withdrawal that cannot succeed: skipped, why, in words.
        String skipped = reverting.transaction().hashHex();
        lookUp(skipped);
        await(Duration.ofMinutes(2), skipped + " skipped on the page",
                b -> "SKIPPED".equals(attributeOf(card(skipped), "data-status")) ? true : null);
        await(Duration.ofSeconds(10), "its card redrawn", b -> "Skipped".equals(textOf(card(skipped) + " .status-words")) ? true : null);
        assertTrue(contentOf(card(skipped) + " .reason").contains("target would revert"), contentOf(card(skipped) + " .reason"));
        assertTrue(textOf(card(skipped) + " .waiting").contains("revert"), textOf(card(skipped) + " .waiting"));
        assertEquals("true", attributeOf(card(skipped) + " .waiting", "data-retryable"), "an operator can retry it");
        assertEquals(List.of("DONE", "SKIPPED", "SKIPPED", "SKIPPED"), attributesOf(card(skipped) + " li.step", "data-state"));

        // 7. The dashboard's pictures: one pair of bars per recent batch with the API's figures.
        List<Map<String, Object>> chart = await(Duration.ofSeconds(30), "the gas chart as the API", b -> {
            List<Map<String, Object>> recent = given().get("/api/dashboard").then().statusCode(200).extract()
                    .jsonPath().getList("recentBatches");
            List<Map<String, Object>> shown = gasChart();
            return !recent.isEmpty() && figures(shown).equals(expectedChart(recent)) ? shown : null;
        });
        Map<Long, Map<String, Object>> batches = new HashMap<>();
        given().get("/api/batches?size=20").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").forEach(m -> batches.put(((Number) m.get("id")).longValue(), m));
        assertEquals(batches.keySet(), chart.stream().map(p -> p.get("id")).collect(Collectors.toSet()),
                "one pair per recent batch");
        assertTrue(chart.size() >= 2, "a prove and a finalize batch: " + chart);
        for (Map<String, Object> pair : chart) {
            Map<String, Object> batch = batches.get((Long) pair.get("id"));
            assertEquals(longOrNull(batch.get("gasPerWithdrawal")), pair.get("gasPerWithdrawal"), "batch " + pair);
            Long gasUsed = longOrNull(batch.get("gasUsed"));
            Long gasSaved = longOrNull(batch.get("gasSaved"));
            if (gasUsed != null && gasSaved != null) {
                long solo = (gasUsed + gasSaved) / ((Number) batch.get("itemCount")).longValue();
                assertTrue(Math.abs(solo - (Long) pair.get("solo")) <= 1, "one transaction per step " + solo + ": " + pair);
                double heights = (Double) pair.get("batchedHeight") / (Double) pair.get("soloHeight");
                double values = ((Long) pair.get("gasPerWithdrawal")).doubleValue() / (Long) pair.get("solo");
                assertEquals(values, heights, 0.02, "the bars' heights are the figures': " + pair);
            }
        }
        assertTrue(chart.stream().anyMatch(p -> p.get("solo") != null
                && (Long) p.get("solo") > (Long) p.get("gasPerWithdrawal")), "a saving shown: " + chart);
        JsonPath dashboard = given().get("/api/dashboard").then().statusCode(200).extract().jsonPath();
        assertEquals(24L, countOf("#finalized-chart g.hour"));
        long perHour = dashboard.<Integer>getList("finalizedPerHour.withdrawals").stream().mapToLong(Integer::longValue).sum();
        assertTrue(perHour >= 2, "this test's finalized withdrawals: " + perHour);
        await(Duration.ofSeconds(20), "finalized per hour as the API says (" + perHour + ")", // the page refreshes every 10 s
                b -> attributesOf("#finalized-chart g.hour", "data-withdrawals").stream().mapToLong(Long::parseLong).sum()
                        == perHour ? true : null);
        assertEquals((long) WithdrawalStatus.values().length, countOf("#status-chart g.bar"), "a bar per status");
        long finalized = number(contentOf("#status-counts tr[data-status=FINALIZED] td"));
        assertTrue(finalized >= 2, "finalized counted");
        assertEquals(Long.toString(finalized), attributeOf("#status-chart g.bar[data-key=FINALIZED]", "data-value"));
        assertEquals((long) dashboard.getList("waiting").size(), countOf("#waiting-chart g.bar"), "a bar per reason");
        assertEquals(WithdrawalStatus.values().length + 1, textsOf("#status-counts tbody tr").size(), "every status, and all");
        assertTrue(number(textOf("#total-gas-used")) > 0, "total gas used");
        assertEquals(Boolean.TRUE, script("return Array.from(document.querySelectorAll('svg.chart'))"
                + ".every(s => s.getAttribute('role') === 'img' && s.querySelector('title').textContent.length > 0);"),
                "every picture has a title");
        screenshot("#dashboard-pictures", shots.resolve("dashboard.png"));

        // 8. On a phone: the progress line top to bottom (a screenshot as test output).
        browser.manage().window().setSize(new Dimension(400, 900));
        browser.get(base() + link);
        await(Duration.ofSeconds(20), "the card on a phone", b -> textOf(card(followed) + " .progress"));
        assertEquals(Boolean.TRUE, script("const s = document.querySelectorAll(arguments[0]);"
                + " return s[1].getBoundingClientRect().top > s[0].getBoundingClientRect().bottom - 1;",
                card(followed) + " li.step"), "steps one under the other");
        screenshot(card(followed), shots.resolve("card-phone.png"));
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // 9. A malformed hash or address, and an unknown hash: the service's message.
        lookUp("0x1234");
        String malformed = await(Duration.ofSeconds(10), "the malformed-hash message", b -> textOf("#lookup-message.error"));
        assertTrue(malformed.contains("Malformed hash") && malformed.contains("must be 0x followed by 64 hex digits"),
                malformed);
        assertEquals(0, textsOf("article.withdrawal").size(), "no card for it");
        lookUp("0x" + "zz".repeat(20));
        String badAddress = await(Duration.ofSeconds(10), "the malformed-address message", b -> {
            String m = textOf("#lookup-message.error");
            return m != null && m.startsWith("Malformed address") ? m : null;
        });
        assertTrue(badAddress.length() > "Malformed address: .".length(), badAddress);
        String unknown = "0x" + "ab".repeat(32);
        lookUp(unknown);
        String unknownMessage = await(Duration.ofSeconds(10), "the unknown-hash message", b -> {
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

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** The chart's pairs as the dashboard's figures say they should be, oldest batch first. */
    private static List<Map<String, Object>> expectedChart(List<Map<String, Object>> recentNewestFirst) {
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> b : recentNewestFirst) {
            Map<String, Object> pair = new HashMap<>();
            pair.put("id", ((Number) b.get("id")).longValue());
            pair.put("gasPerWithdrawal", longOrNull(b.get("gasPerWithdrawal")));
            pair.put("solo", longOrNull(b.get("oneTransactionPerStepGasPerWithdrawal")));
            expected.add(0, pair);
        }
        return expected;
    }

    /** The gas chart's pairs as drawn: batch id, the figures, and the bars' heights. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> gasChart() {
        List<Map<String, Object>> drawn = (List<Map<String, Object>>) script(
                "return Array.from(document.querySelectorAll('#gas-chart g.batch'), g => {"
                        + " const h = (c) => { const r = g.querySelector('rect.' + c); return r ? Number(r.getAttribute('height')) : 0; };"
                        + " return { id: g.getAttribute('data-batch-id'), gpw: g.getAttribute('data-gas-per-withdrawal'),"
                        + " solo: g.getAttribute('data-one-transaction-per-step'), bh: h('batched'), sh: h('solo') }; });");
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (Map<String, Object> d : drawn) {
            Map<String, Object> pair = new HashMap<>();
            pair.put("id", Long.parseLong((String) d.get("id")));
            pair.put("gasPerWithdrawal", longOrNull(d.get("gpw")));
            pair.put("solo", longOrNull(d.get("solo")));
            pair.put("batchedHeight", ((Number) d.get("bh")).doubleValue());
            pair.put("soloHeight", ((Number) d.get("sh")).doubleValue());
            pairs.add(pair);
        }
        return pairs;
    }

    /** The pairs' figures, without the heights. */
    private static List<Map<String, Object>> figures(List<Map<String, Object>> pairs) {
        return pairs.stream().map(p -> {
            Map<String, Object> f = new HashMap<>(p);
            f.remove("batchedHeight");
            f.remove("soloHeight");
            return f;
        }).toList();
    }

    private static Long longOrNull(Object v) {
        if (v == null || "".equals(v)) {
            return null;
        }
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    /** The states of the card's four steps, in order ("DONE,CURRENT,EXPECTED,EXPECTED"), or null without a card. */
    private static String stepStates(String hash) {
        List<String> states = attributesOf(card(hash) + " li.step", "data-state");
        return states.size() == 4 ? String.join(",", states) : null;
    }

    private static long done(String states) {
        return Arrays.stream(states.split(",")).filter("DONE"::equals).count();
    }

    private static List<String> cardHashes() {
        return attributesOf("article.withdrawal", "data-hash");
    }

    /**
     * An element's picture, as test output; false when it is gone (re-rendered) meanwhile. Chromium
     * pictures only what is in the window: the window is made tall enough and the element scrolled to its top.
     */
    private static boolean screenshot(String css, Path file) {
        Dimension size = browser.manage().window().getSize();
        try {
            WebElement e = browser.findElement(By.cssSelector(css));
            long height = (Long) script("arguments[0].scrollIntoView({block: 'start'});"
                    + " return Math.ceil(arguments[0].getBoundingClientRect().height);", e);
            long inner = (Long) script("return window.innerHeight;");
            if (height > inner) {
                browser.manage().window().setSize(new Dimension(size.getWidth(), (int) (size.getHeight() + height - inner + 20)));
                script("arguments[0].scrollIntoView({block: 'start'});", e);
            }
            Files.write(file, e.getScreenshotAs(OutputType.BYTES));
            return true;
        } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (!browser.manage().window().getSize().equals(size)) {
                browser.manage().window().setSize(size);
            }
        }
    }

    private static void lookUp(String text) {
        WebElement input = browser.findElement(By.id("hash"));
        input.clear();
        input.sendKeys(text);
        browser.findElement(By.cssSelector("#lookup button[type=submit]")).click();
    }

    /** Clicks it, found again if a live update redrew it meanwhile. */
    private static void click(String css) {
        await(Duration.ofSeconds(5), "a click on " + css, b -> {
            b.findElement(By.cssSelector(css)).click();
            return true;
        });
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
        return (List<String>) script("return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText.trim());", css);
    }

    /** The text of hidden elements too (in a closed details element, innerText is empty). */
    private static String contentOf(String css) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
    }

    private static String attributeOf(String css, String name) {
        List<String> values = attributesOf(css, name);
        return values.isEmpty() ? null : values.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributesOf(String css, String name) {
        return (List<String>) script("return Array.from(document.querySelectorAll(arguments[0]), e => e.getAttribute(arguments[1]));",
                css, name);
    }

    /** How many elements match (SVG elements have no innerText to read). */
    private static long countOf(String css) {
        return (Long) script("return document.querySelectorAll(arguments[0]).length;", css);
    }

    private static String valueOf(String css) {
        return (String) script("return document.querySelector(arguments[0]).value;", css);
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
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
        return "message [" + textOf("#lookup-message") + "], more " + script("const m = document.getElementById('more');"
                + " return 'hidden ' + m.hidden + ', disabled ' + m.disabled;") + ", results [" + results + "], console " + console;
    }

    /** The withdrawal's view has the field (bounded). */
    private static void awaitApi(String hash, String field) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/api/withdrawals/" + hash).then().extract().jsonPath().get(field) == null) {
            if (System.nanoTime() > deadline) {
                fail("withdrawal " + hash + " has no " + field + " within 30 s");
            }
            Thread.sleep(250);
        }
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
