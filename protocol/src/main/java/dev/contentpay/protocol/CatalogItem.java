package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

/**
 * One item of the shop's catalog (goods information 22): what it is, its price, where its picture
 * is, and the SHA-256 of its content so a buyer can check what is delivered. {@code price} is
 * tax-inclusive (総額表示), with {@code taxRate} the consumption tax rate in it, in percent (10, or 8
 * reduced); null from a shop that does not say, which means 10.
 */
public record CatalogItem(String id, String title, String genre, String kind, String description, Money price,
                          String pictureUrl, String mediaType, long size, String contentSha256, Integer taxRate) {
}
