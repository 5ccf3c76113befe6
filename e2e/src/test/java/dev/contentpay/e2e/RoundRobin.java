package dev.contentpay.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small TCP load balancer for tests: each new connection goes to the next backend in turn, and
 * its bytes are copied both ways until either side closes, as a layer-4 balancer in front of
 * several instances of one server would. It counts the connections each backend was given, so a
 * test can show that both instances served.
 */
final class RoundRobin implements AutoCloseable {

    private final List<URI> backends;
    private final ServerSocket listener;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray connections;
    private volatile boolean open = true;

    RoundRobin(List<URI> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.connections = new AtomicLongArray(backends.size());
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("round-robin-" + listener.getLocalPort()).start(this::accept);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** How many connections backend {@code i} has been given. */
    long connections(int i) {
        return connections.get(i);
    }

    private void accept() {
        while (open) {
            try {
                Socket client = listener.accept();
                int i = Math.floorMod(next.getAndIncrement(), backends.size());
                connections.incrementAndGet(i);
                Thread.ofVirtual().start(() -> relay(client, backends.get(i)));
            } catch (IOException e) {
                if (open) System.err.println("round robin: " + e);
            }
        }
    }

    private static void relay(Socket client, URI backend) {
        try (client; Socket server = new Socket()) {
            server.connect(new InetSocketAddress(backend.getHost(), backend.getPort()), 5_000);
            var upstream = Thread.ofVirtual().start(() -> copy(client, server));
            copy(server, client);
            upstream.join();
        } catch (IOException | InterruptedException e) {
            // A closed side ends the relay; the client sees the connection close, as with a real balancer.
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        listener.close();
    }
}
