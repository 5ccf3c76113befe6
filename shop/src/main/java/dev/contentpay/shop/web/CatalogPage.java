package dev.contentpay.shop.web;

import java.util.List;

/**
 * What the HTML catalog page shows, already worded and formatted: the template only lays it out.
 *
 * @param selectedGenre the genre the page is limited to, or null for all
 */
public record CatalogPage(String shopName, String shopUrl, String selectedGenre, List<GenreLink> genres, List<Entry> items) {

    /** A link to the page limited to one genre; {@code current} when that is the page shown. */
    public record GenreLink(String name, String href, boolean current) {
    }

    /** One item as a buyer reads it. */
    public record Entry(String id, String title, String genre, String kind, String price, String description,
                        String pictureUrl, String pictureAlt, String buyCommand, String href) {
    }
}
