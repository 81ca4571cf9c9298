package io.opwb.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server-sent-event client on a plain socket, so that a test decides when (and whether) it reads:
 * a slow client is one that does not, with a small receive buffer so the kernel holds little for it.
 */
final class EventStreamClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private String status;
    private boolean chunked;
    private int chunkLeft;
    private boolean chunkRead;
    private boolean ended;

    private EventStreamClient(int port, String path, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting: it sets the window offered
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        in = new BufferedInputStream(socket.getInputStream(), 1024);
    }

    static EventStreamClient open(int port, String path) throws IOException {
        return new EventStreamClient(port, path, 0);
    }

    /** A client that reads nothing until asked and whose socket takes only a few KB. */
    static EventStreamClient slow(int port, String path) throws IOException {
        return new EventStreamClient(port, path, 2048);
    }

    /** The response's status line (waits for the headers). */
    synchronized String status() {
        if (status == null) {
            status = rawLine();
            for (String header = rawLine(); header != null && !header.isEmpty(); header = rawLine()) {
                chunked |= header.toLowerCase(Locale.ROOT).equals("transfer-encoding: chunked");
            }
        }
        return status;
    }

    /** From now on the stream's data lines are read as fast as they come, into the queue returned. */
    BlockingQueue<String> dataLinesInBackground() {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                status();
                for (String line = bodyLine(); line != null; line = bodyLine()) {
                    if (line.startsWith("data:")) {
                        lines.add(line);
                    }
                }
            } catch (UncheckedIOException e) {
                // closed by the test
            }
        }, "event-stream-client");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Reads the rest of the stream until the server ends it: each event's lines, joined by newlines. */
    List<String> eventsToEnd() {
        status();
        List<String> events = new ArrayList<>();
        StringBuilder event = new StringBuilder();
        for (String line = bodyLine(); line != null; line = bodyLine()) {
            if (line.isEmpty()) {
                events.add(event.toString());
                event.setLength(0);
            } else {
                event.append(event.length() == 0 ? "" : "\n").append(line);
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Waits up to {@code seconds} for the condition; false if it never held. */
    static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private String bodyLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = bodyByte(); b >= 0; b = bodyByte()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** The body's next byte, chunked transfer encoding taken off; -1 at its end. */
    private int bodyByte() {
        if (chunked && chunkLeft == 0) {
            if (ended) {
                return -1;
            }
            if (chunkRead) {
                rawLine(); // the line end after a chunk's data
            }
            String size = rawLine();
            chunkLeft = size == null ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
            chunkRead = true;
            if (chunkLeft == 0) {
                ended = true;
                return -1;
            }
        }
        chunkLeft--;
        return read();
    }

    /** A line of the HTTP framing, without its CRLF; null at the end of the connection. */
    private String rawLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = read(); b >= 0; b = read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private int read() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
