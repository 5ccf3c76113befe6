-- Answers to state-changing requests (invariant 6), kept for idempotency.retention only. An entry is
-- found by HMAC(key file, scope | client key), 64 hex characters whatever the lengths of scope and
-- key; its answer is encrypted (AES-256-GCM) under a key derived from the key file and the client's
-- own Idempotency-Key, so a copy of the database alone neither reads nor uses a stored token.
CREATE TABLE idempotency_entry (
    id           CHAR(64)  NOT NULL PRIMARY KEY,
    request_hash CHAR(64)  NOT NULL,
    status       INTEGER,
    answer       TEXT,
    created_at   BIGINT    NOT NULL,
    owner        BIGINT
);
CREATE INDEX idempotency_entry_created ON idempotency_entry (created_at);
-- The old records kept answers, approval and download tokens among them, in clear and for ever.
DROP TABLE idempotency_record;
