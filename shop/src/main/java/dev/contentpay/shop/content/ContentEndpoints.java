package dev.contentpay.shop.content;

import dev.contentpay.shop.catalog.Content;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /v1/contents/{itemId}}: the exact content bytes, for the merchant's settlement server. */
public final class ContentEndpoints {

    /** Lower-case hex SHA-256 of the body, so the receiver can check it got what the catalog promised. */
    public static final String SHA256_HEADER = "X-Content-SHA256";

    private final ContentService contents;

    public ContentEndpoints(ContentService contents) {
        this.contents = contents;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/contents/{itemId}", this::download);
    }

    void download(Context ctx) {
        Content content = contents.download(ctx.header("Authorization"), ctx.path(), ctx.pathParam("itemId"));
        ctx.contentType(content.mediaType());
        ctx.header(SHA256_HEADER, content.sha256());
        ctx.res().setContentLengthLong(content.size());
        ctx.result(content.bytes());
    }
}
