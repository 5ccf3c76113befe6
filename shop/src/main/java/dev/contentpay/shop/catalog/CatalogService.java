package dev.contentpay.shop.catalog;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CatalogItem;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The shop's goods information (22): the items loaded at start, in catalog order, looked up by id
 * and filtered by genre. Read only, so it needs no locking.
 */
public final class CatalogService {

    private final String merchantId;
    private final String merchantName;
    private final Map<String, ShopItem> items;
    private final Supplier<URI> publicUrl;

    /**
     * @param publicUrl the shop's base address; a supplier because with port 0 it is known only
     *                  once the server listens
     */
    public CatalogService(String merchantId, String merchantName, List<ShopItem> items, Supplier<URI> publicUrl) {
        this.merchantId = merchantId;
        this.merchantName = merchantName;
        var byId = new LinkedHashMap<String, ShopItem>();
        items.forEach(item -> byId.put(item.id(), item));
        this.items = Collections.unmodifiableMap(byId);
        this.publicUrl = publicUrl;
    }

    public String merchantId() {
        return merchantId;
    }

    public String merchantName() {
        return merchantName;
    }

    /** The catalog as programs read it, limited to one genre when {@code genre} is given. */
    public Catalog catalog(String genre) {
        List<CatalogItem> listed = items(genre).stream().map(this::toCatalogItem).toList();
        return new Catalog(merchantId, merchantName, listed);
    }

    /** Items in catalog order; a blank genre means all, otherwise genres match ignoring case. */
    public List<ShopItem> items(String genre) {
        if (genre == null || genre.isBlank()) return List.copyOf(items.values());
        String wanted = genre.strip().toLowerCase(Locale.ROOT);
        return items.values().stream().filter(item -> item.genre().toLowerCase(Locale.ROOT).equals(wanted)).toList();
    }

    /** The genres in the order their first item appears, for the page's genre links. */
    public List<String> genres() {
        return items.values().stream().map(ShopItem::genre).distinct().toList();
    }

    public Optional<ShopItem> find(String itemId) {
        return Optional.ofNullable(itemId == null ? null : items.get(itemId));
    }

    /** The item, or {@code unknown_item}. */
    public ShopItem item(String itemId) {
        return find(itemId).orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_ITEM,
                "The shop has no item with the id '" + printable(itemId) + "'."));
    }

    /** The item's PNG picture, or {@code unknown_item}. */
    public byte[] picture(String itemId) {
        return item(itemId).picture();
    }

    public URI publicUrl() {
        return publicUrl.get();
    }

    private CatalogItem toCatalogItem(ShopItem item) {
        Content content = item.content();
        return new CatalogItem(item.id(), item.title(), item.genre(), item.kind(), item.description(), item.price(),
                pictureUrl(item.id()), content.mediaType(), content.size(), content.sha256(), item.taxRate());
    }

    private String pictureUrl(String itemId) {
        return publicUrl.get() + "/pictures/" + itemId;
    }

    /** Ids from a URL path are echoed in error details only when they are plain, never as raw input. */
    private static String printable(String id) {
        return Ids.isWellFormed(id) ? id : "(not a valid id)";
    }
}
