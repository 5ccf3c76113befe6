package dev.contentpay.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain-HTTP line to one server that is cut part way through an answer: a TCP proxy that relays
 * each connection both ways and, while armed, closes both ends once the chosen number of bytes of
 * the answer (headers included) has passed, as a train entering a tunnel would. Disarmed it
 * relays everything. Where {@link FaultyLine} breaks the mutual-TLS dedicated line between
 * servers, this one breaks the buyer's plain line to the settlement server.
 */
final class CuttingProxy implements AutoCloseable {

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** Bytes of answer after which the connection is cut; negative: never. */
    private final AtomicLong cutAfter = new AtomicLong(-1);

    CuttingProxy(URI target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.submit(this::accept);
    }

    /** The proxy's address, standing in for the target's. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Cuts every answer from now on after {@code bytes} bytes; negative relays them whole. */
    void cutAfter(long bytes) {
        cutAfter.set(bytes);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket caller = server.accept();
                executor.submit(() -> relay(caller));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket caller) {
        long limit = cutAfter.get();
        try (caller; Socket upstream = new Socket(target.getHost(), target.getPort())) {
            executor.submit(() -> pump(caller.getInputStream(), upstream.getOutputStream(), -1));
            pump(upstream.getInputStream(), caller.getOutputStream(), limit);
        } catch (IOException e) {
            // One end went away; closing both is all a line can do.
        }
    }

    /** Copies until the end, or until {@code limit} bytes (when not negative) have passed; returns nothing useful. */
    private static Void pump(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long passed = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            int allowed = limit < 0 ? n : (int) Math.min(n, limit - passed);
            out.write(buffer, 0, allowed);
            out.flush();
            passed += allowed;
            if (limit >= 0 && passed >= limit) return null;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
