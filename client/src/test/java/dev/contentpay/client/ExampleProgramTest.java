package dev.contentpay.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example in this module's README compiles against this module and its dependencies alone,
 * and none of the servers' machinery is among them. (ClientExampleEndToEndTest runs it against
 * real servers.)
 */
class ExampleProgramTest {

    /** The README's first Java block: the example program, as a reader would copy it. */
    public static String readmeExample(Path readme) throws Exception {
        String text = Files.readString(readme);
        int start = text.indexOf("```java\n") + "```java\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    @Test
    void theReadmeExampleCompilesAgainstTheClientAlone(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("BuyWallpaper.java"), readmeExample(Path.of("README.md")));
        var errors = new ByteArrayOutputStream();

        int status = ToolProvider.getSystemJavaCompiler().run(null, null, errors,
                "-d", dir.toString(), "-classpath", System.getProperty("java.class.path"), source.toString());

        assertThat(status).as(errors.toString()).isZero();
        assertThat(dir.resolve("BuyWallpaper.class")).exists();
    }

    @Test
    void noServerDatabaseOrLoggingBackEndIsOnTheClientsClassPath() {
        for (String name : List.of("io.javalin.Javalin", "org.eclipse.jetty.server.Server", "org.jdbi.v3.core.Jdbi",
                "com.zaxxer.hikari.HikariDataSource", "org.flywaydb.core.Flyway", "org.sqlite.JDBC", "org.postgresql.Driver",
                "ch.qos.logback.classic.Logger", "dev.contentpay.platform.http.WebServer", "dev.contentpay.platform.db.Database")) {
            assertThat(loadable(name)).as(name).isFalse();
        }
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, ExampleProgramTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
