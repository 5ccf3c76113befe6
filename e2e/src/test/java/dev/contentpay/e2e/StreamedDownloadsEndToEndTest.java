package dev.contentpay.e2e;

import dev.contentpay.app.Deployment;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downloads that stream and resume, over the real servers: a shop whose catalog holds a content
 * larger than the settlement server's whole heap (the settlement server runs as a process of its
 * own with {@code -Xmx64m}, so it delivers that content only if it never holds it whole), a line to
 * the settlement server cut half way through the answer, and a terminal that resumes from the part
 * it kept, with {@code Range} and {@code If-Range}, to the receipt's hash. The headers of RFC 9110
 * are held on the real route: {@code ETag}, {@code Accept-Ranges}, 206 with {@code Content-Range},
 * 416, 304, and the whole content for a stale {@code If-Range}.
 */
class StreamedDownloadsEndToEndTest {

    /** Larger than the settlement process's heap. */
    static final long LARGE = 80L << 20;
    static final String HEAP = "64m";

    @TempDir
    static Path dir;
    static Deployment deployment;
    static ServerProcess settlement;
    static URI settlementUrl;
    static ContentpayClient client;
    static Receipt large;
    static Receipt small;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path catalog = writeCatalog(dir.resolve("catalog"));
        deployment = TestDeployment.start(dir, Map.of("shop", Map.of("catalog.dir", catalog.toString())));
        var config = deployment.settlement().config();
        // The in-process settlement server steps aside; a process with a small heap takes its port, database and keys.
        deployment.settlement().close();
        settlement = ServerProcess.start(dir, "settlement", ServerProcess.settlementConfigFile(dir, config, "settlement.properties", List.of()), HEAP);
        settlementUrl = URI.create("http://127.0.0.1:" + config.port());
        client = TestDeployment.terminal(deployment);
        large = client.settle(deployment.shop().url(), "alice", password("alice"), "large", PinPrompt.NONE).receipt();
        small = client.settle(deployment.shop().url(), "alice", password("alice"), "wallpaper", PinPrompt.NONE).receipt();
    }

    @AfterAll
    static void stop() {
        if (settlement != null) settlement.close();
        if (deployment != null) deployment.close();
    }

    @Test
    void aDownloadCutInHalfIsResumedFromItsPartToTheReceiptsHash(@TempDir Path out) throws IOException {
        Path file = out.resolve("large.mp4");
        try (var line = new CuttingProxy(settlementUrl)) {
            Receipt viaLine = at(large, line.url());
            line.cutAfter(LARGE / 2);
            assertRefused(() -> client.download(viaLine, null, file, true, ContentpayClient.Progress.NONE), ErrorCode.SETTLEMENT_UNAVAILABLE);
            Path part = ContentpayClient.partOf(file);
            long kept = Files.size(part);
            assertThat(kept).as("what arrived before the cut is kept").isBetween(1L, LARGE / 2);
            assertThat(file).doesNotExist();

            line.cutAfter(-1);
            long allocatedBefore = allocatedByThisThread();
            ContentpayClient.Saved saved = client.download(viaLine, null, file, true, ContentpayClient.Progress.NONE);
            long allocated = allocatedByThisThread() - allocatedBefore;

            assertThat(saved.resumedFrom()).as("only the rest was asked for").isEqualTo(kept);
            assertThat(saved.size()).isEqualTo(LARGE);
            assertThat(sha256(file)).isEqualTo(large.contentSha256());
            assertThat(part).doesNotExist();
            assertThat(allocated).as("the terminal streams the content, it does not collect it").isLessThan(8L << 20);
        }
        assertThat(settlement.output()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void aPartOfSomethingElseIsDeletedWithContentMismatchAndTheNextDownloadStartsAfresh(@TempDir Path out) throws IOException {
        Path file = out.resolve("wallpaper.png");
        Files.write(ContentpayClient.partOf(file), "not the wallpaper".getBytes(StandardCharsets.UTF_8));

        assertRefused(() -> client.download(small, null, file, true, ContentpayClient.Progress.NONE), ErrorCode.CONTENT_MISMATCH);
        assertThat(ContentpayClient.partOf(file)).doesNotExist();
        assertThat(file).doesNotExist();

        ContentpayClient.Saved saved = client.download(small, null, file, true, ContentpayClient.Progress.NONE);
        assertThat(saved.resumedFrom()).isZero();
        assertThat(sha256(file)).isEqualTo(small.contentSha256());
    }

    @Test
    void theWholeAnswerNamesItsTagAndOffersRanges() {
        HttpResponse<byte[]> whole = get(small, Map.of());

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("ETag")).hasValue(tag(small));
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(small.size());
        assertThat(ClientAssertions.sha256Hex(whole.body())).isEqualTo(small.contentSha256());
    }

    @Test
    void aRangeIsAnsweredWithThoseBytesAndTheirContentRange() {
        byte[] content = get(small, Map.of()).body();
        long n = small.size();

        HttpResponse<byte[]> middle = get(small, Map.of("Range", "bytes=10-19", "If-Range", tag(small)));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + n);
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20));

        HttpResponse<byte[]> tail = get(small, Map.of("Range", "bytes=-5"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes " + (n - 5) + "-" + (n - 1) + "/" + n);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(content, (int) n - 5, (int) n));

        HttpResponse<byte[]> rest = get(small, Map.of("Range", "bytes=" + (n - 3) + "-"));
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.body()).hasSize(3);
    }

    @Test
    void aStaleIfRangeGetsTheWholeContent() {
        HttpResponse<byte[]> answer = get(small, Map.of("Range", "bytes=10-", "If-Range", "\"" + "0".repeat(64) + "\""));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Range")).isEmpty();
        assertThat(ClientAssertions.sha256Hex(answer.body())).isEqualTo(small.contentSha256());
    }

    @Test
    void aRangeBeyondTheEndIs416WithTheLength() throws IOException {
        HttpResponse<byte[]> answer = get(small, Map.of("Range", "bytes=" + small.size() + "-"));

        assertThat(answer.statusCode()).isEqualTo(416);
        assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes */" + small.size());
        assertThat(Json.MAPPER.readTree(answer.body()).get("code").asText()).isEqualTo("range_not_satisfiable");
    }

    @Test
    void ifNoneMatchWithTheTagIsNotModified() {
        HttpResponse<byte[]> answer = get(small, Map.of("If-None-Match", tag(small)));

        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(answer.body()).isEmpty();
        assertThat(get(small, Map.of("If-None-Match", "\"" + "0".repeat(64) + "\"")).statusCode()).isEqualTo(200);
    }

    @Test
    void oddRangesAndValidatorsGetTheWholeContentAPartOr416NeverAFailure() {
        long n = small.size();
        Map<String, List<Integer>> expected = new java.util.LinkedHashMap<>();
        expected.put("bytes=", List.of(200));
        expected.put("bytes=5-1", List.of(200));
        expected.put("bytes=0-0,2-3", List.of(200));
        expected.put("pages=0-1", List.of(200));
        expected.put("bytes=-0", List.of(416));
        expected.put("bytes=99999999999999999999999-", List.of(416));
        expected.put("bytes=0-99999999999999999999999", List.of(206));
        expected.put("bytes=" + "0".repeat(4000) + "1-", List.of(206));
        for (var entry : expected.entrySet()) {
            HttpResponse<byte[]> answer = get(small, Map.of("Range", entry.getKey(), "If-Range", "W/" + tag(small) + ", junk"));
            assertThat(answer.statusCode()).as(entry.getKey() + " with a malformed If-Range").isEqualTo(200);
            answer = get(small, Map.of("Range", entry.getKey()));
            assertThat(answer.statusCode()).as(entry.getKey()).isIn(entry.getValue());
            if (answer.statusCode() == 200) assertThat(ClientAssertions.sha256Hex(answer.body())).isEqualTo(small.contentSha256());
            if (answer.statusCode() == 206) assertThat(answer.headers().firstValue("Content-Range")).hasValue("bytes " + (n - answer.body().length) + "-" + (n - 1) + "/" + n);
        }
    }

    @Test
    void aDownloadWithoutTheLinksTokenGetsNoByteWhateverRangeItAsks() {
        Receipt guessed = withUrl(small, small.downloadUrl().replaceFirst("token=.*", "token=guessed"));

        HttpResponse<byte[]> answer = get(guessed, Map.of("Range", "bytes=0-9", "If-None-Match", tag(small)));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("download_forbidden");
        assertThat(answer.headers().firstValue("ETag")).isEmpty();
    }

    @Test
    void theDownloadCommandResumesAPartAndSaysSoInAPlainLineOutsideATerminal(@TempDir Path out) throws IOException {
        Path receiptFile = Files.write(out.resolve("large.receipt.json"), Json.write(large));
        try (InputStream content = Files.newInputStream(dir.resolve("catalog/large.mp4"))) {
            Files.write(out.resolve("large.mp4.part"), content.readNBytes(1000));
        }

        var run = Cli.run("", "download", receiptFile.toString());

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("resumed after 1,000 bytes", large.contentSha256());
        assertThat(run.err()).as("no bar outside a terminal, one plain line").contains("Downloaded \"Large Film\": 80.0 MiB (resumed after 1,000 bytes).")
                .doesNotContain("\r");
        assertThat(sha256(out.resolve("large.mp4"))).isEqualTo(large.contentSha256());
    }

    private static HttpResponse<byte[]> get(Receipt r, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(r.downloadUrl()));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tag(Receipt r) {
        return "\"" + r.contentSha256() + "\"";
    }

    /** The receipt with its link through {@code base} instead of the settlement server's own address. */
    private static Receipt at(Receipt r, URI base) {
        URI link = URI.create(r.downloadUrl());
        return withUrl(r, base.resolve(link.getRawPath() + "?" + link.getRawQuery()).toString());
    }

    private static Receipt withUrl(Receipt r, String url) {
        return new Receipt(r.settlementId(), r.merchantId(), r.orderId(), r.itemId(), r.title(), r.amount(), r.settledAt(), r.approvalId(),
                r.mediaType(), r.size(), r.contentSha256(), url, r.downloadExpiresAt(), r.transaction(), r.taxRate(), r.registrationNumber(),
                r.issuedOn(), r.taxes());
    }

    private static long allocatedByThisThread() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ClientAssertions.sha256Hex(in);
        }
    }

    /** A catalog of the demo's wallpaper and a large film of {@link #LARGE} bytes that are the same on every run. */
    private static Path writeCatalog(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String name : List.of("wallpaper.png", "wallpaper-picture.png")) {
            try (InputStream in = StreamedDownloadsEndToEndTest.class.getClassLoader().getResourceAsStream("demo/" + name)) {
                Files.copy(in, folder.resolve(name));
            }
        }
        var random = new SplittableRandom(17);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(folder.resolve("large.mp4"))) {
            for (long written = 0; written < LARGE; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Files.writeString(folder.resolve("catalog.json"), """
                [{"id": "wallpaper", "title": "Cherry Blossom Wallpaper", "genre": "wallpaper", "kind": "image", "price": 100,
                  "currency": "JPY", "contentFile": "wallpaper.png", "mediaType": "image/png", "picture": "wallpaper-picture.png"},
                 {"id": "large", "title": "Large Film", "genre": "film", "kind": "video", "price": 300,
                  "currency": "JPY", "contentFile": "large.mp4", "mediaType": "video/mp4", "picture": "wallpaper-picture.png"}]
                """);
        return folder;
    }
}
