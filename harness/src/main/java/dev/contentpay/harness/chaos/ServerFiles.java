package dev.contentpay.harness.chaos;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the harness and the end-to-end tests do to a server from outside it: read its SQLite file
 * directly, as an auditor holding the file would, and stop its process.
 */
public final class ServerFiles {

    private ServerFiles() {
    }

    /** Every row of {@code sql} on the SQLite file {@code database}, each value as text. */
    public static List<List<String>> rows(Path database, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + database);
             var rs = c.createStatement().executeQuery(sql)) {
            var rows = new ArrayList<List<String>>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                var row = new ArrayList<String>();
                for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + database + ": " + e.getMessage(), e);
        }
    }

    /** A graceful stop (SIGTERM: the server's shutdown hook closes it), and SIGKILL if it has not ended after 15 s. */
    public static void stop(Process process) {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
