package dev.contentpay.settlement.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import dev.contentpay.platform.cache.Caches;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CatalogItem;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The merchant's online shop as settlement sees it (online shop server 6): the public catalog,
 * kept for a minute so a burst of purchases costs the shop one request, and the contents, which
 * the shop gives only to a caller proving with a client assertion that it is this merchant's
 * settlement.
 *
 * <p>A content is addressed by the SHA-256 the catalog gives for it, which the receipt promises:
 * bytes with that hash can never change. Settlement keeps a verified copy of each content it
 * fetched, by hash, in a file ({@link ContentCopies}), so a download costs the shop a request, a
 * client assertion and its check only the first time. The shop's answer is streamed into the copy
 * and hashed on the way, never held whole in memory; concurrent first downloads of one content
 * share one fetch; bytes that do not match the hash are never kept.
 */
public final class ShopClient {

    static final Duration CATALOG_TTL = Duration.ofSeconds(60);
    private static final String CATALOG = "catalog";

    private final ServiceClient catalogClient;
    private final ServiceClient contentClient;
    /** The shop's catalog, one entry, fetched once by one caller while the others wait for it. */
    private final Cache<String, Catalog> catalogs;
    private final ContentCopies copies;

    public ShopClient(ServiceClient catalogClient, ServiceClient contentClient, ContentCopies copies, Clock clock) {
        this.catalogClient = catalogClient;
        this.contentClient = contentClient;
        this.copies = copies;
        this.catalogs = Caches.expiring(clock, CATALOG_TTL, 1);
    }

    /** The catalog entry of {@code itemId}; a miss refreshes the catalog once, since a new item may be younger than the cache. */
    public CatalogItem item(String itemId) {
        return find(catalog(false), itemId)
                .or(() -> find(catalog(true), itemId))
                .orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_ITEM, "The shop's catalog has no item " + itemId + "."));
    }

    /**
     * The merchant's name as the shop's catalog gives it to buyers (cached with the catalog), or
     * {@code fallback} when the shop cannot be asked just now: a receipt page is never refused for it.
     */
    public String merchantName(String fallback) {
        try {
            String name = catalog(false).merchantName();
            return name == null || name.isBlank() ? fallback : name;
        } catch (ContentpayException e) {
            return fallback;
        }
    }

    /**
     * The file holding the exact bytes of {@code itemId} whose SHA-256 is {@code sha256}: the
     * verified copy, or the shop's answer once it matches the hash. Bytes that do not match are
     * refused with {@link ErrorCode#SHOP_UNAVAILABLE} ({@link ContentCopies.Mismatch}) and not kept.
     */
    public ContentCopies.Copy verifiedContent(String itemId, String sha256) {
        return copies.copy(sha256, out -> contentClient.getStreamed("/v1/contents/" + itemId, Map.of(), (status, headers, body) -> {
            body.transferTo(out);
            return null;
        }));
    }

    private Catalog catalog(boolean forceRefresh) {
        if (forceRefresh) catalogs.invalidate(CATALOG);
        return catalogs.get(CATALOG, k -> catalogClient.get("/v1/catalog", Catalog.class));
    }

    private static Optional<CatalogItem> find(Catalog catalog, String itemId) {
        if (catalog.items() == null) return Optional.empty();
        return catalog.items().stream().filter(i -> itemId.equals(i.id())).findFirst();
    }
}
