package dev.contentpay.platform.db;

import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.crypto.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The environment (live or sandbox) a server's database and key files belong to, set at their first
 * start and never changed: a sandbox server started on a live database or live keys, or the reverse,
 * refuses to start with a message that says which and why. The database holds it in the
 * {@code environment_mark} table (one row per server, so a store's shop and settlement sharing one
 * database each have theirs); a key file in {@code <file>.environment} beside it.
 */
public final class EnvironmentMark {

    private EnvironmentMark() {
    }

    /** Marks {@code db} as {@code server}'s in {@code environment} on its first start; refuses a database marked otherwise. */
    public static void require(Database db, String server, Environment environment) {
        String marked = db.inTransaction(h -> {
            h.createUpdate("INSERT INTO environment_mark (server, environment, marked_at) VALUES (:server, :env, :at) ON CONFLICT (server) DO NOTHING")
                    .bind("server", server).bind("env", environment.mark()).bind("at", System.currentTimeMillis()).execute();
            return h.createQuery("SELECT environment FROM environment_mark WHERE server = :server").bind("server", server)
                    .mapTo(String.class).one();
        });
        if (!environment.mark().equals(marked)) {
            throw new ConfigException(List.of(server + " was started " + environment.mark() + " on a database marked " + marked
                    + " at its first start: sandbox and live never share a database; give database.url a database of its own"));
        }
    }

    /**
     * Marks the key file {@code keyFile} (which must exist) as {@code environment}'s when it has no
     * mark yet; refuses one marked otherwise. A key file made before marks existed takes the
     * environment of the first server to start on it after.
     */
    public static void requireKeyFile(Path keyFile, String setting, Environment environment) {
        Path mark = keyFile.resolveSibling(keyFile.getFileName() + ".environment");
        try {
            if (!Files.exists(mark)) Files.writeString(mark, environment.mark() + "\n", StandardCharsets.US_ASCII);
            String marked = Files.readString(mark, StandardCharsets.US_ASCII).trim();
            if (!environment.mark().equals(marked)) {
                throw new ConfigException(List.of(setting + " " + keyFile + " is a " + marked + " key (" + mark.getFileName()
                        + "); a " + environment.mark() + " server needs keys of its own"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the environment mark " + mark, e);
        }
    }
}
