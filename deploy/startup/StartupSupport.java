import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What deploy/measure-startup.sh runs the service against, so that start-up is measured on its
 * own: an external PostgreSQL (zonky's embedded binaries, the same the service would start
 * itself, but in another process) and two stub JSON-RPC nodes (chain ids 900 and 901) that answer
 * what the service asks before and while it gets ready: {@code eth_chainId}, {@code net_version},
 * {@code eth_blockNumber} (0), {@code eth_getCode} (some code at every address), and
 * {@code eth_call} of the portal's and the batcher's views that the start-up check reads (an
 * OptimismPortal2 3.x: {@code version()}, {@code disputeGameFactory()}, {@code respectedGameType()};
 * the batcher's {@code portal()}); any other call reverts, any other method gets a JSON-RPC error,
 * like a node that refuses it.
 * <p>
 * Run with the service's own libraries on the class path (Java's single-file source launcher):
 * {@code java -cp 'target/quarkus-app/lib/main/*' deploy/startup/StartupSupport.java PORTS_FILE}.
 * It writes {@code PG_PORT=…}, {@code L1_PORT=…}, {@code L2_PORT=…} to PORTS_FILE once all three
 * listen, and stops them all on SIGTERM.
 */
public final class StartupSupport {

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|[0-9]+|null)");

    public static void main(String[] args) throws Exception {
        Path portsFile = Path.of(args[0]);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        HttpServer l1 = rpcStub(900);
        HttpServer l2 = rpcStub(901);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            l1.stop(0);
            l2.stop(0);
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e);
            }
            stopped.countDown();
        }));
        Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
        Files.writeString(tmp, "PG_PORT=" + postgres.getPort() + "\nL1_PORT=" + l1.getAddress().getPort()
                + "\nL2_PORT=" + l2.getAddress().getPort() + "\n");
        Files.move(tmp, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }

    private static HttpServer rpcStub(long chainId) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            String request;
            try (InputStream in = exchange.getRequestBody()) {
                request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher method = METHOD.matcher(request);
            Matcher id = ID.matcher(request);
            String idValue = id.find() ? id.group(1) : "null";
            String name = method.find() ? method.group(1) : "";
            String body = switch (name) {
                case "eth_chainId" -> result(idValue, "\"0x" + Long.toHexString(chainId) + "\"");
                case "net_version" -> result(idValue, "\"" + chainId + "\"");
                case "eth_blockNumber" -> result(idValue, "\"0x0\"");
                case "eth_getCode" -> result(idValue, "\"0x6080604052\"");
                case "eth_call" -> call(idValue, request);
                default -> "{\"jsonrpc\":\"2.0\",\"id\":" + idValue
                        + ",\"error\":{\"code\":-32601,\"message\":\"stub node: method not available\"}}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    /** The portal's and the batcher's views by selector (the four bytes after "data":"0x" or "input":"0x"). */
    private static final Pattern CALL_DATA = Pattern.compile("\"(?:data|input)\"\\s*:\\s*\"0x([0-9a-fA-F]{8})");
    private static final String PORTAL = "0000000000000000000000000000000000000001";
    private static final String FACTORY = "00000000000000000000000000000000000000f0";

    private static String call(String id, String request) {
        Matcher data = CALL_DATA.matcher(request);
        String selector = data.find() ? data.group(1).toLowerCase(java.util.Locale.ROOT) : "";
        String word = switch (selector) {
            case "54fd4d50" -> abiString("3.10.0"); // version()
            case "f2b4e617" -> word(FACTORY); // disputeGameFactory()
            case "3c9f397c" -> word("0"); // respectedGameType()
            case "6425666b" -> word(PORTAL); // portal()
            default -> null;
        };
        if (word == null) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x\"}}";
        }
        return result(id, "\"0x" + word + "\"");
    }

    private static String word(String hex) {
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static String abiString(String text) {
        String hex = java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
        return word("20") + word(Integer.toHexString(text.length())) + hex + "0".repeat(64 - hex.length());
    }

    private static String result(String id, String value) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + value + "}";
    }
}
