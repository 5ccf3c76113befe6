-- The environment this database belongs to (docs/MERCHANTS.md, "Sandbox"): set at the first
-- start, live or sandbox, and checked at every start after, so that a sandbox shop
-- never runs on a live database nor the reverse. One row per server (a store's shop and
-- settlement share a database, each with its row); environment is 'live' or 'sandbox'.
CREATE TABLE IF NOT EXISTS environment_mark (
    server      VARCHAR(32) NOT NULL PRIMARY KEY,
    environment VARCHAR(16) NOT NULL,
    marked_at   BIGINT      NOT NULL
);
