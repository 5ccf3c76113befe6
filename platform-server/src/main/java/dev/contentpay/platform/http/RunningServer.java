package dev.contentpay.platform.http;

import java.net.URI;
import java.util.Map;

/** A started contentpay server: its name, the addresses it listens on, and how to stop it. */
public interface RunningServer extends AutoCloseable {

    String name();

    /** The main address, printed by the demo as {@code NAME: URL}. */
    URI url();

    /** Every face of the server by name (auth has a subscriber face and a merchant face). */
    default Map<String, URI> faces() {
        return Map.of(name(), url());
    }

    /** The management port ({@code /metrics}, {@code /health}), or null when {@code management.port} is not set. */
    default URI managementUrl() {
        return null;
    }

    /** Stops accepting requests, finishes background work and closes the database. */
    @Override
    void close();
}
