package dev.contentpay.shop.web;

/**
 * A page that says, in one plain sentence, why the shop cannot do what was asked, and where to go on.
 *
 * @param code the stable error code the sentence is about (docs/ERRORS.md), shown beside it; null when none
 */
public record ErrorPage(String shopName, String heading, String sentence, String code, String backHref, String backLabel) {
}
