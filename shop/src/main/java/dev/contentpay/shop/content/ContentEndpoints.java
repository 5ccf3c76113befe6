package dev.contentpay.shop.content;

import dev.contentpay.shop.catalog.Content;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/** {@code GET /v1/contents/{itemId}}: the exact content bytes, for the merchant's settlement server. */
public final class ContentEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(ContentEndpoints.class);

    /** Lower-case hex SHA-256 of the body, so the receiver can check it got what the catalog promised. */
    public static final String SHA256_HEADER = "X-Content-SHA256";

    private final ContentService contents;

    public ContentEndpoints(ContentService contents) {
        this.contents = contents;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/contents/{itemId}", this::download);
    }

    void download(Context ctx) throws IOException {
        Content content = contents.download(ctx.header("Authorization"), ctx.path(), ctx.pathParam("itemId"));
        // Streamed from the catalog's file a buffer at a time, never held whole (the shop's
        // compression is off, so the bytes leave exactly as the length and hash say). A file that
        // cannot be opened fails the request before anything is sent.
        try (InputStream in = content.open()) {
            ctx.contentType(content.mediaType());
            ctx.header(SHA256_HEADER, content.sha256());
            ctx.res().setContentLengthLong(content.size());
            try {
                in.transferTo(ctx.res().getOutputStream());
            } catch (IOException e) {
                LOG.info("sending the content of {} stopped: {}", ctx.pathParam("itemId"), e.getMessage());
            }
        }
    }
}
