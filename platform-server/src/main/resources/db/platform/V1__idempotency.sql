-- Answers to state-changing requests, kept per client-chosen key (invariant 6).
CREATE TABLE idempotency_record (
    scope        VARCHAR(64)  NOT NULL,
    idem_key     VARCHAR(255) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    status       INTEGER,
    body         TEXT,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
