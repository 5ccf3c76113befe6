package dev.contentpay.shop.catalog;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** The catalog for programs ({@code GET /v1/catalog}) and the item pictures ({@code GET /pictures/{itemId}}). */
public final class CatalogEndpoints {

    /** Pictures never change while the shop runs; a day of caching spares phones the repeat download. */
    private static final String PICTURE_CACHE = "public, max-age=86400";

    private final CatalogService catalog;

    public CatalogEndpoints(CatalogService catalog) {
        this.catalog = catalog;
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/catalog", this::catalog);
        routes.get("/pictures/{itemId}", this::picture);
    }

    void catalog(Context ctx) {
        ctx.json(catalog.catalog(ctx.queryParam("genre")));
    }

    void picture(Context ctx) {
        byte[] png = catalog.picture(ctx.pathParam("itemId"));
        // WebServer marks every answer no-store by default (right for payment data); a picture is
        // public and the same for everyone, so this one answer may be cached.
        ctx.header("Cache-Control", PICTURE_CACHE);
        ctx.contentType("image/png").result(png);
    }
}
