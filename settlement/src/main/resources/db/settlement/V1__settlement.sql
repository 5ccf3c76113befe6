-- The settling server's own tables (settling server 5, [0040]-[0046], [0065]-[0073]).
-- Portable between SQLite and PostgreSQL: times are BIGINT epoch milliseconds and money is a
-- BIGINT count of minor units beside its VARCHAR(3) ISO 4217 currency, never a decimal or a float.

-- Settlement information 71 ([0044], [0072]): one row per settled purchase. The UNIQUE constraints
-- on approval_id and allowance_id are the last guard of invariant 1 on this side: one approval,
-- one allowance, at most one settlement. The buyer appears only as the per-merchant pseudonym the
-- issuer chose; settlement never learns a subscriber id.
CREATE TABLE settlement (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    approval_id     VARCHAR(128) NOT NULL UNIQUE,
    allowance_id    VARCHAR(128) NOT NULL UNIQUE,
    order_id        VARCHAR(128) NOT NULL,
    item_id         VARCHAR(128) NOT NULL,
    title           TEXT         NOT NULL,
    quantity        INTEGER      NOT NULL CHECK (quantity > 0),
    amount          BIGINT       NOT NULL CHECK (amount > 0),
    currency        VARCHAR(3)   NOT NULL,
    pseudonym       VARCHAR(128) NOT NULL,
    media_type      VARCHAR(128) NOT NULL,
    content_size    BIGINT       NOT NULL,
    content_sha256  VARCHAR(64)  NOT NULL,
    settled_at      BIGINT       NOT NULL
);
CREATE INDEX settlement_order ON settlement (order_id);
CREATE INDEX settlement_settled_at ON settlement (settled_at);

-- A minimal double-entry ledger: every settlement writes one DEBIT and one CREDIT of the same
-- amount, so the sum of debits always equals the sum of credits. Entries are never updated;
-- a refund would be two new entries the other way round.
CREATE TABLE ledger_entry (
    id             VARCHAR(64) NOT NULL PRIMARY KEY,
    settlement_id  VARCHAR(64) NOT NULL REFERENCES settlement (id),
    account        VARCHAR(32) NOT NULL,
    side           VARCHAR(6)  NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
    amount         BIGINT      NOT NULL CHECK (amount > 0),
    currency       VARCHAR(3)  NOT NULL,
    posted_at      BIGINT      NOT NULL,
    UNIQUE (settlement_id, account, side)
);

-- The transactional outbox of payment notices owed to the issuer ([0072]-[0073]). A row is written
-- in the same transaction as its settlement, so a notice exists exactly when a settlement does,
-- and a worker sends it until the issuer acknowledges it (at least once; the issuer applies it
-- once, keyed by the allowance id).
CREATE TABLE notice_outbox (
    allowance_id     VARCHAR(128) NOT NULL PRIMARY KEY,
    settlement_id    VARCHAR(64)  NOT NULL UNIQUE REFERENCES settlement (id),
    amount           BIGINT       NOT NULL CHECK (amount > 0),
    currency         VARCHAR(3)   NOT NULL,
    settled_at       BIGINT       NOT NULL,
    status           VARCHAR(8)   NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts         INTEGER      NOT NULL,
    next_attempt_at  BIGINT       NOT NULL,
    last_error       VARCHAR(64),
    sent_at          BIGINT
);
CREATE INDEX notice_outbox_due ON notice_outbox (status, next_attempt_at);

-- The right to download what was bought ([0070]). Only the SHA-256 of the random token is kept,
-- so a copy of this table does not let anyone download.
CREATE TABLE download_grant (
    settlement_id  VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES settlement (id),
    token_sha256   VARCHAR(64) NOT NULL,
    expires_at     BIGINT      NOT NULL,
    created_at     BIGINT      NOT NULL
);

-- Purchases refused after the purchasing information was opened ([0071]): which order, which
-- approval if it was verified, the stable error code and when. Deliberately no subscriber data.
CREATE TABLE refusal (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    order_id     VARCHAR(128) NOT NULL,
    approval_id  VARCHAR(128),
    code         VARCHAR(64)  NOT NULL,
    refused_at   BIGINT       NOT NULL
);
CREATE INDEX refusal_order ON refusal (order_id);
