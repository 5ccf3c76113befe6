package dev.contentpay.shop.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("shop-order-purge").factory());

    public OrderPurge(OrderStore orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    /** Purges every ten minutes from now on, until closed. */
    public OrderPurge start() {
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.error("purging expired orders failed; trying again in {}", EVERY, e);
        }
    }

    /** Deletes the orders that expired more than a day ago; returns how many. */
    public int purge() {
        int purged = orders.deleteExpiredBefore(clock.instant().minus(KEPT_AFTER_EXPIRY));
        if (purged > 0) LOG.info("purged {} orders expired more than a day ago", purged);
        return purged;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
