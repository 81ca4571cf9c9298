package io.opwb.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;

import io.opwb.chain.ChainClients;

/**
 * One anvil process on a free loopback port. It is stopped by {@link #close()} and, whatever
 * happens, when the JVM exits.
 */
public final class AnvilNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AnvilNode.class);
    static final String ANVIL_RELATIVE = "contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";

    private final Process process;
    private final Thread shutdownHook;
    private final long chainId;
    private final String rpcUrl;
    private final Web3j web3j;

    private AnvilNode(Process process, long chainId, int port) {
        this.process = process;
        this.chainId = chainId;
        this.rpcUrl = "http://127.0.0.1:" + port;
        this.web3j = ChainClients.connect(rpcUrl);
        this.shutdownHook = new Thread(this::destroy, "anvil-" + chainId + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts anvil with the 2^24 transaction gas cap enforced (EIP-7825, as on mainnet), so a batch
     * that could not land on mainnet cannot land here either.
     *
     * @param blockTimeSeconds 0 for auto-mining (one block per transaction)
     */
    public static AnvilNode start(long chainId, int blockTimeSeconds) {
        Path anvil = locateAnvil();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(anvil.toString(), "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--chain-id", Long.toString(chainId), "--enable-tx-gas-limit", "--silent"));
            if (blockTimeSeconds > 0) {
                command.addAll(List.of("--block-time", Integer.toString(blockTimeSeconds)));
            }
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                AnvilNode node = new AnvilNode(process, chainId, port);
                if (node.awaitReady(Duration.ofSeconds(20))) {
                    LOG.debugf("anvil chain %s listening on %s (pid %s)", Long.toString(chainId), node.rpcUrl, Long.toString(process.pid()));
                    return node;
                }
                node.close(); // the port was taken between our probe and anvil's bind: try another
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("anvil for chain " + chainId + " did not start", last);
    }

    /** anvil from the npm install of contracts/, looked up from the working directory upwards. */
    static Path locateAnvil() {
        String configured = System.getProperty("opwb.devnet.anvil", System.getenv("OPWB_DEVNET_ANVIL"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(ANVIL_RELATIVE);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("anvil not found: run the Maven build once (it installs " + ANVIL_RELATIVE
                + "), or set OPWB_DEVNET_ANVIL");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (web3j.ethChainId().send().getChainId().longValue() == chainId) {
                    // Another test JVM's anvil may hold the port and answer for ours, which then fails to
                    // bind and exits: only a process still alive a moment later is the one that answered.
                    sleep(300);
                    return process.isAlive();
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            sleep(100);
        }
        return false;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String rpcUrl() {
        return rpcUrl;
    }

    public long chainId() {
        return chainId;
    }

    public Web3j web3j() {
        return web3j;
    }

    public long pid() {
        return process.pid();
    }

    private void destroy() {
        web3j.shutdown();
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }
}
