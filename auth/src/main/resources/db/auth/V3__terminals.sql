-- Enrolled terminals (SYSTEM.md §2 step 3 (b); docs/TERMINALS.md). No secret is kept here: a
-- terminal's secret is derived again from auth's terminal master key (a file, not this database)
-- and the terminal id whenever one of its proofs is checked, so a copy of the database alone
-- cannot forge a single request.
CREATE TABLE terminal (
    id             VARCHAR(64)  PRIMARY KEY,
    subscriber_id  VARCHAR(64)  NOT NULL REFERENCES subscriber (id),
    name           VARCHAR(100) NOT NULL,
    status         VARCHAR(16)  NOT NULL,   -- ACTIVE, then REVOKED for ever
    enrolled_at    BIGINT       NOT NULL,
    last_used_at   BIGINT,                  -- the last accepted proof
    revoked_at     BIGINT,
    revoked_by     VARCHAR(64),             -- the subscriber's id, or 'admin'
    CHECK (status IN ('ACTIVE', 'REVOKED'))
);
CREATE INDEX terminal_subscriber ON terminal (subscriber_id, enrolled_at);

-- Nonces of accepted terminal proofs, each kept until its proof's timestamp has left the window
-- (after that the timestamp alone refuses a replay). The primary key is what refuses a replay: one
-- conditional insert whose row count is the verdict, right for any number of auth instances.
CREATE TABLE terminal_nonce (
    terminal_id  VARCHAR(64) NOT NULL REFERENCES terminal (id),
    nonce        VARCHAR(64) NOT NULL,
    expires_at   BIGINT      NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX terminal_nonce_expiry ON terminal_nonce (expires_at);
