package dev.contentpay.shop.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Anyone may ask the shop for purchasing information, and each request keeps an order row: orders
 * are purged a day after they expired, by then long past any purchase they could still serve
 * (settlement refuses expired purchasing information), so strangers cannot grow the table for ever.
 */
public final class OrderPurge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderPurge.class);
    public static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);
    private static final Duration EVERY = Duration.ofMinutes(10);

    private final OrderStore orders;
    private final Clock clock;
    private volatile Thread thread;

    public OrderPurge(OrderStore orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    public OrderPurge start() {
        thread = Thread.ofVirtual().name("shop-order-purge").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(EVERY);
                    purge();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("purging expired orders failed; trying again in {}", EVERY, e);
                }
            }
        });
        return this;
    }

    /** Deletes the orders that expired more than a day ago; returns how many. */
    public int purge() {
        int purged = orders.deleteExpiredBefore(clock.instant().minus(KEPT_AFTER_EXPIRY));
        if (purged > 0) LOG.info("purged {} orders expired more than a day ago", purged);
        return purged;
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) t.interrupt();
    }
}
