package dev.contentpay.e2e;

import dev.contentpay.app.Main;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code contentpay ...} in-process with the given standard input, as a person at a terminal would:
 * the product's commands through the launcher, bench and chaos through the harness's.
 */
final class Cli {

    /** What one command did. */
    record Run(int exit, String out, String err) {
        /** Everything the command printed, to check that no secret is in it. */
        String all() {
            return out + err;
        }
    }

    private Cli() {
    }

    /** A command of the product launcher (app). */
    static Run run(String stdin, String... args) {
        return run(Main.commandLine(), stdin, args);
    }

    /** A command of the harness launcher: bench, bench-peer or chaos. */
    static Run harness(String... args) {
        return run(dev.contentpay.harness.Main.commandLine(), "", args);
    }

    /** One at a time: standard input is the JVM's, shared by every test. */
    private static synchronized Run run(CommandLine cli, String stdin, String[] args) {
        var out = new StringWriter();
        var err = new StringWriter();
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
