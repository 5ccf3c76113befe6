package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example program in client/README.md, compiled as a reader would and run against real
 * servers: it buys the wallpaper as alice and saves the bytes the receipt's hash names.
 */
class ClientExampleEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleBuysAndSavesTheContent() throws Exception {
        String readme = Files.readString(Path.of("../client/README.md"));
        int start = readme.indexOf("```java\n") + "```java\n".length();
        Path classes = Files.createDirectories(dir.resolve("example"));
        Path source = Files.writeString(classes.resolve("BuyWallpaper.java"), readme.substring(start, readme.indexOf("```", start)));
        var errors = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), source.toString())).as(errors.toString()).isZero();

        try (Deployment d = TestDeployment.start(dir, Map.of());
             var loader = new URLClassLoader(new java.net.URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            var out = new ByteArrayOutputStream();
            PrintStream before = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                loader.loadClass("BuyWallpaper").getMethod("main", String[].class).invoke(null,
                        (Object) new String[]{d.auth().url().toString(), d.shop().url().toString(), dir.toString()});
            } finally {
                System.setOut(before);
            }

            assertThat(out.toString(StandardCharsets.UTF_8)).contains("items").contains("Bought ").contains("receipt ");
            byte[] saved = Files.readAllBytes(dir.resolve("wallpaper.bin"));
            var item = TestDeployment.terminal(d).catalog(d.shop().url()).items().stream()
                    .filter(i -> i.id().equals("wallpaper")).findFirst().orElseThrow();
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(saved))).isEqualTo(item.contentSha256());
        }
    }
}
