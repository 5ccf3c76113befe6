package dev.contentpay.shop.catalog;

/**
 * One entry of a catalog.json file as the merchant writes it. {@code price} is in minor units of
 * {@code currency} (for JPY, which has none, simply yen); {@code contentFile} and {@code picture}
 * name files in the same folder.
 */
public record CatalogFileEntry(String id, String title, String genre, String kind, String description, long price,
                               String currency, String contentFile, String mediaType, String picture) {
}
