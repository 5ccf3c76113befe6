-- Guessing (docs/AUTH.md, "Guessing"). Every attempt at a password or a PIN takes a slot before
-- its hash is computed, by a conditional update whose row count is the verdict: failures plus
-- attempts in flight never exceed the allowed count, whatever the concurrency and however many
-- instances share the database. in_flight_at lets a count left by a crashed process lapse.
ALTER TABLE sign_in_failure ADD COLUMN in_flight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sign_in_failure ADD COLUMN in_flight_at BIGINT NOT NULL DEFAULT 0;

-- Wrong PINs are counted apart from failed passwords, per subscriber, and never reset by a right
-- password: whoever knows a password must not be able to try every PIN.
CREATE TABLE pin_failure (
    subscriber_id  VARCHAR(64) PRIMARY KEY,
    failures       INTEGER     NOT NULL,
    locked_until   BIGINT,
    last_failure   BIGINT      NOT NULL,
    in_flight      INTEGER     NOT NULL DEFAULT 0,
    in_flight_at   BIGINT      NOT NULL DEFAULT 0
);
