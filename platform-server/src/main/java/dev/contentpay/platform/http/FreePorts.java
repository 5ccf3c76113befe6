package dev.contentpay.platform.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that are told their port before they start (tests, a deployment on free ports).
 * A port from {@code new ServerSocket(0)} comes from the kernel's ephemeral range, which every
 * outgoing connection also draws its local port from: with connection pools to PostgreSQL opening
 * while servers start, such a port is often taken again before the server binds it. These ports
 * are picked at random below that range (Linux: 32768 and up) and checked free, and none is handed
 * out twice by one process: the six ports of one deployment are picked before any is bound.
 */
public final class FreePorts {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_768;
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int pick() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!HANDED_OUT.add(port)) continue;
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                return port;
            } catch (IOException e) {
                // Taken by another process; try another (this one stays marked: it is in use).
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH + " after 200 tries");
    }
}
