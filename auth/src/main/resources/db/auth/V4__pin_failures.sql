-- Wrong PINs are counted apart from failed passwords, per subscriber, and never reset by a right
-- password: whoever knows a password must not be able to try every PIN (docs/AUTH.md, "Guessing").
-- A row is taken (failures counted) before the PIN is checked, by a conditional update whose row
-- count is the verdict, so concurrent guesses can never be checked more often than allowed.
CREATE TABLE pin_failure (
    subscriber_id  VARCHAR(64) PRIMARY KEY,
    failures       INTEGER     NOT NULL,
    locked_until   BIGINT,
    last_failure   BIGINT      NOT NULL
);
