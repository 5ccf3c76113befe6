package dev.contentpay.e2e;

import dev.contentpay.app.Main;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs {@code contentpay ...} in-process with the given standard input, as a person at a terminal would. */
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

    /** One at a time: standard input is the JVM's, shared by every test. */
    static synchronized Run run(String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            var cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }
}
