package dev.contentpay.settlement.delivery;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CatalogItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The merchant's online shop as settlement sees it (online shop server 6): the public catalog,
 * kept for a minute so a burst of purchases costs the shop one request, and the contents, which
 * the shop gives only to a caller proving with a client assertion that it is this merchant's
 * settlement.
 */
public final class ShopClient {

    static final Duration CATALOG_TTL = Duration.ofSeconds(60);

    private record Cached(Catalog catalog, Instant fetchedAt) {
    }

    private final ServiceClient catalogClient;
    private final ServiceClient contentClient;
    private final Clock clock;
    /** A lock rather than {@code synchronized}, so waiting virtual threads do not pin their carriers. */
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Cached cached;

    public ShopClient(ServiceClient catalogClient, ServiceClient contentClient, Clock clock) {
        this.catalogClient = catalogClient;
        this.contentClient = contentClient;
        this.clock = clock;
    }

    /** The catalog entry of {@code itemId}; a miss refreshes the catalog once, since a new item may be younger than the cache. */
    public CatalogItem item(String itemId) {
        return find(catalog(false), itemId)
                .or(() -> find(catalog(true), itemId))
                .orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_ITEM, "The shop's catalog has no item " + itemId + "."));
    }

    /** The content's exact bytes; the caller checks them against the catalog's SHA-256. */
    public byte[] content(String itemId) {
        return contentClient.getRaw("/v1/contents/" + itemId).body();
    }

    private Catalog catalog(boolean forceRefresh) {
        Cached current = cached;
        if (!forceRefresh && isFresh(current)) return current.catalog();
        refreshing.lock();
        try {
            // Another thread may have refreshed while this one waited for the lock.
            Cached now = cached;
            if (now != current && isFresh(now)) return now.catalog();
            Catalog catalog = catalogClient.get("/v1/catalog", Catalog.class);
            cached = new Cached(catalog, clock.instant());
            return catalog;
        } finally {
            refreshing.unlock();
        }
    }

    private boolean isFresh(Cached c) {
        return c != null && clock.instant().isBefore(c.fetchedAt().plus(CATALOG_TTL));
    }

    private static Optional<CatalogItem> find(Catalog catalog, String itemId) {
        if (catalog.items() == null) return Optional.empty();
        return catalog.items().stream().filter(i -> itemId.equals(i.id())).findFirst();
    }
}
