package dev.contentpay.settlement.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.contentpay.platform.cache.Caches;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CatalogItem;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The merchant's online shop as settlement sees it (online shop server 6): the public catalog,
 * kept for a minute so a burst of purchases costs the shop one request, and the contents, which
 * the shop gives only to a caller proving with a client assertion that it is this merchant's
 * settlement.
 *
 * <p>A content is addressed by the SHA-256 the catalog gives for it, which the receipt promises:
 * bytes with that hash can never change. Settlement keeps a verified copy of each content it
 * fetched, by hash, in memory up to {@link #COPIES_MAX_BYTES} (least recently used first out), so
 * a download costs the shop a request, a client assertion and its check only the first time.
 * Concurrent first downloads of one content share one fetch; bytes that do not match the hash are
 * never kept.
 */
public final class ShopClient {

    static final Duration CATALOG_TTL = Duration.ofSeconds(60);
    /** The most bytes of verified contents kept in memory. */
    static final long COPIES_MAX_BYTES = 64L << 20;

    private static final String CATALOG = "catalog";

    private final ServiceClient catalogClient;
    private final ServiceClient contentClient;
    /** The shop's catalog, one entry, fetched once by one caller while the others wait for it. */
    private final Cache<String, Catalog> catalogs;
    private final Cache<String, byte[]> copies = Caffeine.newBuilder()
            .maximumWeight(COPIES_MAX_BYTES).weigher((String sha256, byte[] bytes) -> bytes.length).build();

    public ShopClient(ServiceClient catalogClient, ServiceClient contentClient, Clock clock) {
        this.catalogClient = catalogClient;
        this.contentClient = contentClient;
        this.catalogs = Caches.expiring(clock, CATALOG_TTL, 1);
    }

    /** The catalog entry of {@code itemId}; a miss refreshes the catalog once, since a new item may be younger than the cache. */
    public CatalogItem item(String itemId) {
        return find(catalog(false), itemId)
                .or(() -> find(catalog(true), itemId))
                .orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_ITEM, "The shop's catalog has no item " + itemId + "."));
    }

    /**
     * The exact bytes of {@code itemId} whose SHA-256 is {@code sha256}: the verified copy, or the
     * shop's answer once it matches the hash. Bytes that do not match are refused with
     * {@link ErrorCode#SHOP_UNAVAILABLE} and not kept.
     */
    public byte[] verifiedContent(String itemId, String sha256) {
        String key = sha256.toLowerCase(Locale.ROOT);
        return copies.get(key, k -> {
            byte[] bytes = contentClient.getRaw("/v1/contents/" + itemId).body();
            if (!ClientAssertions.sha256Hex(bytes).equalsIgnoreCase(k)) {
                throw new ContentMismatch(itemId);
            }
            return bytes;
        });
    }

    /** The shop sent bytes for an item that are not the ones its catalog hashed. */
    public static final class ContentMismatch extends ContentpayException {
        private final String itemId;

        ContentMismatch(String itemId) {
            super(ErrorCode.SHOP_UNAVAILABLE, "The shop sent content that does not match its catalog; nothing was delivered.");
            this.itemId = itemId;
        }

        public String itemId() {
            return itemId;
        }
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
