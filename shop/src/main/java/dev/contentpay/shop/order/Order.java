package dev.contentpay.shop.order;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * An order: purchasing information the shop issued for one selected item. It names no buyer: the
 * shop is never told who selects, and must not learn it.
 */
public record Order(String id, String itemId, Money price, Instant createdAt, Instant expiresAt) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(price, "price");
        if (!price.isPositive()) throw new IllegalArgumentException("an order's price must be positive, not " + price);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("order " + id + " would expire (" + expiresAt + ") before it is created (" + createdAt + ")");
        }
    }
}
