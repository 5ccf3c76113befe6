-- auth's web pages (docs/WEB.md) keep their tables under their own migration history
-- (pages_schema_history), as the platform's tables do, so they never compete with auth's own
-- version numbers. Portable between SQLite and PostgreSQL: times are epoch milliseconds.

-- Signed-in browsers. Only the SHA-256 of the session cookie is kept: a copy of this table (or a
-- backup) lets no one act as a subscriber. A session ends at sign-out, after IDLE without a
-- request, or at expires_at whatever happens (WebSessions).
CREATE TABLE web_session (
    id_hash        VARCHAR(64)  NOT NULL PRIMARY KEY,
    subscriber_id  VARCHAR(128) NOT NULL REFERENCES subscriber (id),
    signed_in_by   VARCHAR(16)  NOT NULL CHECK (signed_in_by IN ('password', 'pin')),
    created_at     BIGINT       NOT NULL,
    last_seen_at   BIGINT       NOT NULL,
    expires_at     BIGINT       NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX web_session_subscriber ON web_session (subscriber_id);
CREATE INDEX web_session_last_seen ON web_session (last_seen_at);

-- The key of the pages' form tokens (CSRF), made by the first auth instance to start and shared by
-- all on this database.
CREATE TABLE web_page_secret (
    id      INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    secret  VARCHAR(64) NOT NULL
);
