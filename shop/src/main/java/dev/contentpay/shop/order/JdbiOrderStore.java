package dev.contentpay.shop.order;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.Optional;

/** Orders in the shop's database, table {@code shop_order}: times in epoch millis, money in minor units. */
public final class JdbiOrderStore implements OrderStore {

    static final int DELETE_CHUNK = 1_000;

    private final Database db;

    public JdbiOrderStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(Order order, java.util.function.Consumer<org.jdbi.v3.core.Handle> alsoInTransaction) {
        db.useTransaction(h -> {
            Sql.update(h, """
                        INSERT INTO shop_order (id, item_id, amount, currency, created_at, expires_at)
                        VALUES (:id, :item, :amount, :currency, :created, :expires)""")
                .bind("id", order.id())
                .bind("item", order.itemId())
                .bind("amount", order.price().amount())
                .bind("currency", order.price().currency())
                .bind("created", order.createdAt().toEpochMilli())
                .bind("expires", order.expiresAt().toEpochMilli())
                .execute();
            alsoInTransaction.accept(h);
        });
    }

    @Override
    public Optional<Order> find(String orderId) {
        return db.withHandle(h -> Sql.query(h, """
                        SELECT id, item_id, amount, currency, created_at, expires_at FROM shop_order WHERE id = :id""")
                .bind("id", orderId)
                .map(rs -> new Order(rs.getString("id"), rs.getString("item_id"),
                        Money.of(rs.getLong("amount"), rs.getString("currency")),
                        Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at"))))
                .findOne());
    }

    @Override
    public int deleteExpiredBefore(Instant cutoff) {
        // A thousand at a time, each its own transaction: a day's expired orders are many.
        return db.inChunks(DELETE_CHUNK, h -> Sql.update(h, "DELETE FROM shop_order WHERE id IN "
                        + "(SELECT id FROM shop_order WHERE expires_at < :cutoff LIMIT :limit)")
                .bind("cutoff", cutoff.toEpochMilli()).bind("limit", DELETE_CHUNK).execute());
    }
}
