package dev.contentpay.e2e;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A dedicated line that breaks on demand: a TCP proxy that speaks mutual TLS on both sides, as
 * the real line does, and injects one fault into the next answer to a chosen path. Where
 * {@link IssuerProxy} changes what auth says (a status, a late judgement), this one breaks the
 * connection itself: it holds the answer past the caller's time-out, resets the connection, closes
 * it without a byte, stops half way through the body, or sends the request twice and both answers
 * back.
 *
 * <p>A proxy that only relays TLS bytes could delay, reset and truncate, but could not tell where
 * one answer ends, and could not duplicate an answer at all (a replayed TLS record fails its MAC).
 * So the proxy terminates TLS: the caller's handshake is with the proxy, which presents the
 * target's certificate and requires the caller's from the same authority, and the proxy opens its
 * own mutual-TLS connection to the target with the caller's certificate. Between the two it sees
 * whole HTTP messages, and every fault happens after the target has answered, the worst moment:
 * auth has judged (or the bureau has reported) and the caller does not know.
 */
final class FaultyLine implements AutoCloseable {

    enum Fault { DELAY, RESET, EMPTY, HALF_BODY, DUPLICATE }

    private final URI target;
    private final SSLContext asTarget;
    private final SSLContext asCaller;
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    /** Faults injected so far, for the figures in docs/RELIABILITY.md. */
    final AtomicInteger injected = new AtomicInteger();
    /** Requests that reached the target through this line. */
    final AtomicInteger forwarded = new AtomicInteger();

    private record Armed(Fault fault, String pathPart, Duration delay) {
    }

    /**
     * @param asTarget the TLS context the proxy serves with (the target's certificate)
     * @param asCaller the TLS context the proxy calls the target with (the caller's certificate)
     */
    FaultyLine(URI target, SSLContext asTarget, SSLContext asCaller) throws IOException {
        this.target = target;
        this.asTarget = asTarget;
        this.asCaller = asCaller;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        executor.submit(this::acceptLoop);
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * The next answer to a request whose path contains {@code pathPart} suffers {@code fault};
     * {@code delay} is how long {@link Fault#DELAY} holds it.
     */
    void arm(Fault fault, String pathPart, Duration delay) {
        armed.set(new Armed(fault, pathPart, delay));
    }

    boolean isArmed() {
        return armed.get() != null;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket raw = server.accept();
                executor.submit(() -> serve(raw));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket raw) {
        try (raw; var caller = (SSLSocket) asTarget.getSocketFactory().createSocket(raw, null, raw.getPort(), true)) {
            caller.setUseClientMode(false);
            caller.setNeedClientAuth(true);
            caller.startHandshake();
            Socket upstream = null;
            try {
                InputStream in = caller.getInputStream();
                OutputStream out = caller.getOutputStream();
                for (Message request; (request = Message.read(in)) != null; ) {
                    if (upstream == null) upstream = asCaller.getSocketFactory().createSocket(target.getHost(), target.getPort());
                    Armed fault = takeFaultFor(request.path());
                    byte[] answer = exchange(upstream, request);
                    if (fault == null) {
                        out.write(answer);
                        out.flush();
                        continue;
                    }
                    injected.incrementAndGet();
                    if (!inject(fault, request, answer, upstream, raw, out)) return;
                }
            } finally {
                if (upstream != null) upstream.close();
            }
        } catch (IOException e) {
            // The caller went away, or the fault closed the connection: nothing more to relay.
        }
    }

    /** Applies the fault; false when the connection to the caller is gone. */
    private boolean inject(Armed armed, Message request, byte[] answer, Socket upstream, Socket raw, OutputStream out) throws IOException {
        switch (armed.fault()) {
            case DELAY -> {
                TestDeployment.sleep(armed.delay().toMillis());
                out.write(answer);
                out.flush();
                return true;
            }
            case RESET -> {
                raw.setSoLinger(true, 0);
                raw.close();
                return false;
            }
            case EMPTY -> {
                raw.close();
                return false;
            }
            case HALF_BODY -> {
                int headerEnd = Message.headerLength(answer);
                out.write(answer, 0, headerEnd + (answer.length - headerEnd) / 2);
                out.flush();
                raw.close();
                return false;
            }
            case DUPLICATE -> {
                byte[] again = exchange(upstream, request);
                out.write(answer);
                out.write(again);
                out.flush();
                return true;
            }
            default -> throw new IllegalStateException(armed.fault().name());
        }
    }

    private Armed takeFaultFor(String path) {
        Armed current = armed.get();
        if (current != null && path.contains(current.pathPart()) && armed.compareAndSet(current, null)) return current;
        return null;
    }

    private byte[] exchange(Socket upstream, Message request) throws IOException {
        upstream.getOutputStream().write(request.bytes());
        upstream.getOutputStream().flush();
        forwarded.incrementAndGet();
        Message answer = Message.read(upstream.getInputStream());
        if (answer == null) throw new IOException("the target closed the connection without an answer");
        return answer.bytes();
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }

    /** One HTTP/1.1 message as it crossed the wire: head and body, framed by Content-Length or chunks. */
    record Message(String startLine, byte[] bytes) {

        String path() {
            String[] parts = startLine.split(" ");
            if (parts.length < 2) return "";
            String path = parts[1];
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        static Message read(InputStream in) throws IOException {
            var all = new ByteArrayOutputStream();
            String startLine = line(in, all);
            if (startLine == null) return null;
            long length = 0;
            boolean chunked = false;
            for (String header; !(header = requiredLine(in, all)).isEmpty(); ) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(requiredLine(in, all).split(";")[0].trim(), 16)) > 0; ) {
                    all.write(in.readNBytes((int) size + 2));
                }
                while (!requiredLine(in, all).isEmpty()) {
                    // Trailers, if any, end with an empty line.
                }
            } else {
                all.write(in.readNBytes((int) length));
            }
            return new Message(startLine, all.toByteArray());
        }

        /** Reads one CRLF-terminated line into {@code all} too; null at the end of the stream before any byte. */
        private static String line(InputStream in, ByteArrayOutputStream all) throws IOException {
            var line = new ByteArrayOutputStream();
            int previous = -1;
            for (int b; (b = in.read()) >= 0; previous = b) {
                all.write(b);
                if (previous == '\r' && b == '\n') return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                line.write(b);
            }
            if (line.size() == 0) return null;
            throw new IOException("the stream ended inside a line");
        }

        private static String requiredLine(InputStream in, ByteArrayOutputStream all) throws IOException {
            String line = line(in, all);
            if (line == null) throw new IOException("the stream ended inside a message");
            return line;
        }

        static int headerLength(byte[] message) {
            for (int i = 3; i < message.length; i++) {
                if (message[i - 3] == '\r' && message[i - 2] == '\n' && message[i - 1] == '\r' && message[i] == '\n') return i + 1;
            }
            return message.length;
        }
    }
}
