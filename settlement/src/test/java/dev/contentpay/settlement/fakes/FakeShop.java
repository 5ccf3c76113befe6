package dev.contentpay.settlement.fakes;

import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.contentpay.platform.crypto.ClientAssertionCheck;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CatalogItem;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The merchant's shop as settlement sees it: a catalog with one wallpaper and its content, given
 * only to a caller whose client assertion settlement's published key verifies.
 */
public final class FakeShop implements AutoCloseable {

    public static final String MERCHANT = "sakura";
    public static final String ITEM = "wallpaper";
    public static final Money PRICE = Money.of(100, "JPY");

    private final Path settlementPublicKeys;
    private final Javalin app;
    private final byte[] content;
    public final AtomicInteger catalogFetches = new AtomicInteger();
    public final AtomicInteger contentFetches = new AtomicInteger();
    /** When set, the shop serves other bytes than its catalog promises. */
    public volatile boolean serveAlteredContent;
    /** When set, a content's answer sends its headers and half its bytes, then stalls until {@link #endStall} (at most a minute). */
    public volatile boolean stallMidContent;
    private final java.util.concurrent.CountDownLatch stallEnds = new java.util.concurrent.CountDownLatch(1);

    public FakeShop(Path settlementPublicKeys) {
        this.settlementPublicKeys = settlementPublicKeys;
        this.content = pictureBytes();
        this.app = WebServer.create("fake-shop", () -> true, config -> { }, routes -> {
            routes.get("/v1/catalog", this::catalog);
            routes.get("/v1/contents/{itemId}", this::content);
        });
        app.start("127.0.0.1", 0);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + app.port());
    }

    public byte[] contentBytes() {
        return content.clone();
    }

    public String contentSha256() {
        return ClientAssertions.sha256Hex(content);
    }

    public CatalogItem item() {
        return new CatalogItem(ITEM, "Sakura at dusk", "picture", "wallpaper", "A wallpaper of cherry blossoms.", PRICE,
                url() + "/pictures/wallpaper.png", "image/png", content.length, contentSha256(), 10);
    }

    private void catalog(Context ctx) {
        catalogFetches.incrementAndGet();
        ctx.json(new Catalog(MERCHANT, "Sakura Contents", List.of(item())));
    }

    private void content(Context ctx) {
        contentFetches.incrementAndGet();
        authenticate(ctx);
        if (!ITEM.equals(ctx.pathParam("itemId"))) throw new ContentpayException(ErrorCode.UNKNOWN_ITEM);
        byte[] bytes = serveAlteredContent ? alter(content) : content;
        ctx.header("X-Content-SHA256", ClientAssertions.sha256Hex(bytes));
        ctx.contentType("image/png");
        if (!stallMidContent) {
            ctx.result(bytes);
            return;
        }
        ctx.res().setContentLengthLong(bytes.length);
        try {
            var out = ctx.res().getOutputStream();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            stallEnds.await(1, java.util.concurrent.TimeUnit.MINUTES);
            out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        } catch (java.io.IOException | InterruptedException e) {
            // settlement gave up on the stalled answer, or the shop is closing
        }
    }

    /** Ends the stall of every content answer that stalls, which then sends the rest of its bytes. */
    public void endStall() {
        stallEnds.countDown();
    }

    private void authenticate(Context ctx) {
        // A wide skew: tests move settlement's clock a day ahead to age download links, and its
        // assertions are stamped with that clock; the binding to the request is still checked.
        new ClientAssertionCheck(issuer -> MERCHANT.equals(issuer) ? KeyFiles.readPublic(settlementPublicKeys) : null, MERCHANT + "-shop",
                Clock.systemUTC(), Duration.ofDays(2), "a content download from the fake shop").callerOf(ctx, new byte[0]);
    }

    private static byte[] alter(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    private static byte[] pictureBytes() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        return bytes;
    }

    /** Keys for a shop whose tests do not care which. */
    public static OctetKeyPair newKey() {
        return KeyFiles.generate(MERCHANT + "-shop-1");
    }

    @Override
    public void close() {
        endStall();
        app.stop();
    }
}
