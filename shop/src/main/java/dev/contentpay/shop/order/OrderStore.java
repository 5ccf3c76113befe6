package dev.contentpay.shop.order;

import java.util.Optional;

/** Where orders are kept. */
public interface OrderStore {

    /** Records a new order; its id must not exist yet. */
    void insert(Order order);

    Optional<Order> find(String orderId);

    /** Deletes the orders whose expiry is before {@code cutoff}; returns how many. */
    int deleteExpiredBefore(java.time.Instant cutoff);
}
