-- Orders: purchasing information the shop issued ([0053]-[0054]). There is deliberately no column
-- for the buyer: the shop is never told who selects an item and must not learn it.
-- Portable between SQLite and PostgreSQL: times are epoch milliseconds, money is integer minor
-- units with its ISO 4217 code.
CREATE TABLE shop_order (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    item_id     VARCHAR(128) NOT NULL,
    amount      BIGINT       NOT NULL CHECK (amount > 0),
    currency    VARCHAR(3)   NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    CHECK (expires_at > created_at)
);

-- Daily reports and clean-up walk orders by time.
CREATE INDEX shop_order_created_at ON shop_order (created_at);
