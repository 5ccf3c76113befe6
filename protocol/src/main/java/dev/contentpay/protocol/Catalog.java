package dev.contentpay.protocol;

import java.util.List;

/** The shop's catalog as programs read it ({@code GET /v1/catalog}). */
public record Catalog(String merchantId, String merchantName, List<CatalogItem> items) {
}
