package dev.contentpay.shop.catalog;

/**
 * One entry of a catalog.json file as the merchant writes it. {@code price} is in minor units of
 * {@code currency} (for JPY, which has none, simply yen); {@code contentFile} and {@code picture}
 * name files in the same folder. {@code price} is tax-inclusive (総額表示); {@code taxRate} is the
 * consumption tax rate in it, 10 or 8 (the reduced rate), and 10 when left out.
 */
public record CatalogFileEntry(String id, String title, String genre, String kind, String description, long price,
                               String currency, String contentFile, String mediaType, String picture, Integer taxRate) {
}
