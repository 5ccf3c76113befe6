package dev.contentpay.shop.catalog;

import dev.contentpay.platform.money.Money;

import java.util.Objects;

/**
 * One item the shop sells, as loaded and checked at start: its goods information (22), its picture
 * and its content (23). The picture is PNG; like the content it is handed out as a copy. The price
 * is tax-inclusive, with {@code taxRate} the consumption tax rate in it (10, or 8 reduced).
 */
public record ShopItem(String id, String title, String genre, String kind, String description, Money price,
                       Content content, byte[] picture, int taxRate) {

    public ShopItem {
        if (!dev.contentpay.platform.money.ConsumptionTax.isRate(taxRate)) throw new IllegalArgumentException("not a tax rate: " + taxRate);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(content, "content");
        picture = picture.clone();
    }

    @Override
    public byte[] picture() {
        return picture.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShopItem other && id.equals(other.id) && title.equals(other.title) && genre.equals(other.genre)
                && kind.equals(other.kind) && description.equals(other.description) && price.equals(other.price)
                && content.equals(other.content) && java.util.Arrays.equals(picture, other.picture) && taxRate == other.taxRate;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ShopItem[" + id + ", " + price + " incl. " + taxRate + "% tax, " + content + "]";
    }
}
