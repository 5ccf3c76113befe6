package dev.contentpay.shop.order;

import java.util.Optional;

/** Where orders are kept. */
public interface OrderStore {

    /** Records a new order; its id must not exist yet. */
    default void insert(Order order) {
        insert(order, h -> { });
    }

    /** Records a new order, and in the same transaction whatever {@code alsoInTransaction} writes (the request's answer). */
    void insert(Order order, java.util.function.Consumer<org.jdbi.v3.core.Handle> alsoInTransaction);

    Optional<Order> find(String orderId);

    /** Deletes the orders whose expiry is before {@code cutoff}; returns how many. */
    int deleteExpiredBefore(java.time.Instant cutoff);
}
