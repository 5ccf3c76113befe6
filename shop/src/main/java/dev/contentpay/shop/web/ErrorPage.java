package dev.contentpay.shop.web;

/** A page that says, in one plain sentence, why the shop cannot do what was asked, and where to go on. */
public record ErrorPage(String shopName, String heading, String sentence, String backHref, String backLabel) {
}
