package dev.contentpay.shop.web;

/**
 * What an item's page shows, already worded and formatted: the template only lays it out.
 *
 * @param notice   the sentence of a checkout the buyer cancelled, or null
 * @param refusal  the sentence of a checkout the issuer refused, or null
 * @param csrf     the form token of this browser ({@link dev.contentpay.platform.web.FormTokens})
 * @param orderKey the idempotency key of this page's Buy form: pressing Buy twice makes one order
 */
public record ItemPage(String shopName, String id, String title, String genre, String kind, String price, String description,
                       String pictureUrl, String pictureAlt, String buyAction, String csrf, String orderKey, String notice,
                       String refusal) {
}
