-- The key under which request bodies are hashed for idempotency: a body may hold a password or a
-- PIN, and a plain hash of a four-digit PIN is undone by trying all ten thousand.
CREATE TABLE idempotency_secret (
    id      INTEGER     PRIMARY KEY,
    secret  VARCHAR(64) NOT NULL
);
