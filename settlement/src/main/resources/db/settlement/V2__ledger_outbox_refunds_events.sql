-- Settlement in depth (issue 4): a double-entry ledger with journals and balances, one outbox for
-- everything owed to the issuer (payment notices, refunds, voids) with a dead-letter state, refunds,
-- the outcome of every approval, and a signed, ordered event feed. Portable between SQLite and
-- PostgreSQL, like V1: epoch-millisecond BIGINT times, BIGINT minor units beside a currency code.

-- One outcome per approval, ever. Settling and giving up both insert here, so the primary key
-- decides a race between them: an approval settlement gave up on (the issuer did not answer in
-- time) can never be settled afterwards, even when its allowance comes back later, and a settled
-- approval is never given up.
CREATE TABLE approval_outcome (
    approval_id  VARCHAR(128) NOT NULL PRIMARY KEY,
    outcome      VARCHAR(16)  NOT NULL CHECK (outcome IN ('SETTLED', 'ABANDONED')),
    reason       VARCHAR(64),
    order_id     VARCHAR(128) NOT NULL,
    amount       BIGINT       NOT NULL CHECK (amount > 0),
    currency     VARCHAR(3)   NOT NULL,
    decided_at   BIGINT       NOT NULL
);
INSERT INTO approval_outcome (approval_id, outcome, reason, order_id, amount, currency, decided_at)
SELECT approval_id, 'SETTLED', NULL, order_id, amount, currency, settled_at FROM settlement;

-- A presentation whose judgement was asked for. Written before the issuer is called, so that a
-- crash between the issuer's allowance and our commit leaves a trace: a presentation with no
-- outcome after purchase.abandon-after is given up and its approval voided at the issuer.
-- refused_code notes the issuer's final refusal of the approval (limit_exceeded...), so the
-- sweeper leaves it alone; it is kept here rather than as an outcome because a refusal of one
-- presentation (approval_already_used) must never stand in the way of another one's settlement.
CREATE TABLE presentation (
    approval_id         VARCHAR(128) NOT NULL PRIMARY KEY,
    order_id            VARCHAR(128) NOT NULL,
    amount              BIGINT       NOT NULL CHECK (amount > 0),
    currency            VARCHAR(3)   NOT NULL,
    first_presented_at  BIGINT       NOT NULL,
    refused_code        VARCHAR(64)
);
CREATE INDEX presentation_presented_at ON presentation (first_presented_at);

-- The ledger. A journal is one business fact (a settlement, a refund, a correction) and holds
-- entries whose debits equal their credits. UNIQUE (kind, reference) makes posting idempotent:
-- a settlement, a refund, and the correction of a journal are each posted at most once.
CREATE TABLE ledger_journal (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind           VARCHAR(16)  NOT NULL CHECK (kind IN ('SETTLEMENT', 'REFUND', 'CORRECTION')),
    reference      VARCHAR(64)  NOT NULL,
    settlement_id  VARCHAR(64)  REFERENCES settlement (id),
    memo           VARCHAR(200),
    posted_at      BIGINT       NOT NULL,
    UNIQUE (kind, reference)
);
CREATE INDEX ledger_journal_settlement ON ledger_journal (settlement_id);
INSERT INTO ledger_journal (id, kind, reference, settlement_id, memo, posted_at)
SELECT 'jnl_' || id, 'SETTLEMENT', id, id, NULL, settled_at FROM settlement;

-- Entries now belong to a journal rather than directly to a settlement, so that refunds and
-- corrections can post to the same accounts again. Entries are never updated nor deleted
-- (V3 makes the database refuse it); a mistake is corrected by a new, reversing journal.
CREATE TABLE ledger_entry_v2 (
    id          VARCHAR(64) NOT NULL PRIMARY KEY,
    journal_id  VARCHAR(64) NOT NULL REFERENCES ledger_journal (id),
    account     VARCHAR(32) NOT NULL,
    side        VARCHAR(6)  NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
    amount      BIGINT      NOT NULL CHECK (amount > 0),
    currency    VARCHAR(3)  NOT NULL,
    posted_at   BIGINT      NOT NULL
);
INSERT INTO ledger_entry_v2 (id, journal_id, account, side, amount, currency, posted_at)
SELECT id, 'jnl_' || settlement_id, account, side, amount, currency, posted_at FROM ledger_entry;
DROP TABLE ledger_entry;
ALTER TABLE ledger_entry_v2 RENAME TO ledger_entry;
CREATE INDEX ledger_entry_journal ON ledger_entry (journal_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account, currency);

-- Each account's running totals, kept in the same transaction as the entries that change them,
-- so a balance is read in one row; the invariant check compares them with the entries' sums.
-- Debits and credits are kept apart (both only grow) rather than as one signed balance, so the
-- check can tell which side went wrong.
CREATE TABLE ledger_balance (
    account   VARCHAR(32) NOT NULL,
    currency  VARCHAR(3)  NOT NULL,
    debits    BIGINT      NOT NULL CHECK (debits >= 0),
    credits   BIGINT      NOT NULL CHECK (credits >= 0),
    entries   BIGINT      NOT NULL CHECK (entries >= 0),
    PRIMARY KEY (account, currency)
);
INSERT INTO ledger_balance (account, currency, debits, credits, entries)
SELECT account, currency,
       SUM(CASE WHEN side = 'DEBIT' THEN amount ELSE 0 END),
       SUM(CASE WHEN side = 'CREDIT' THEN amount ELSE 0 END),
       COUNT(*)
  FROM ledger_entry GROUP BY account, currency;

-- A merchant's refund of a settlement, in full; at most one per settlement (the UNIQUE is what
-- makes a repeated refund request refund once).
CREATE TABLE refund (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    settlement_id  VARCHAR(64)  NOT NULL UNIQUE REFERENCES settlement (id),
    allowance_id   VARCHAR(128) NOT NULL,
    amount         BIGINT       NOT NULL CHECK (amount > 0),
    currency       VARCHAR(3)   NOT NULL,
    reason         VARCHAR(200),
    refunded_at    BIGINT       NOT NULL
);
CREATE INDEX refund_refunded_at ON refund (refunded_at);

-- The transactional outbox of everything owed to the issuer: payment notices (NOTICE, subject =
-- allowance id), refunds (REFUND, subject = refund id) and voids (VOID, subject = approval id).
-- Each row is written in the transaction of the fact it reports and sent until the issuer
-- acknowledges it; after notice.max-attempts it is DEAD, on the dead-letter list an operator
-- lists and resends. A row with after_id waits until that row is SENT: a refund goes to the
-- issuer only once the issuer has acknowledged the payment it refunds.
CREATE TABLE outbox (
    id               VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind             VARCHAR(8)   NOT NULL CHECK (kind IN ('NOTICE', 'REFUND', 'VOID')),
    subject          VARCHAR(128) NOT NULL,
    settlement_id    VARCHAR(64)  REFERENCES settlement (id),
    after_id         VARCHAR(64)  REFERENCES outbox (id),
    status           VARCHAR(8)   NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DEAD')),
    attempts         INTEGER      NOT NULL,
    next_attempt_at  BIGINT       NOT NULL,
    last_error       VARCHAR(64),
    result           VARCHAR(32),
    created_at       BIGINT       NOT NULL,
    sent_at          BIGINT,
    UNIQUE (kind, subject)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_settlement ON outbox (settlement_id);
INSERT INTO outbox (id, kind, subject, settlement_id, after_id, status, attempts, next_attempt_at, last_error,
                    result, created_at, sent_at)
SELECT 'ntc_' || allowance_id, 'NOTICE', allowance_id, settlement_id, NULL, status, attempts, next_attempt_at,
       last_error, CASE WHEN status = 'SENT' THEN 'charged' ELSE NULL END, settled_at, sent_at
  FROM notice_outbox;
DROP TABLE notice_outbox;

-- The event feed for the merchant's back office: every fact in the order it was committed, each
-- signed with settlement's key. event_counter is one row that each event-writing transaction
-- increments: the row lock it takes makes sequence numbers gapless and in commit order on
-- PostgreSQL too (SQLite has one writer anyway), so a reader at cursor n never misses n + 1.
CREATE TABLE event_counter (
    id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT  NOT NULL
);
INSERT INTO event_counter (id, last_seq) VALUES (1, 0);

CREATE TABLE event (
    seq          BIGINT       NOT NULL PRIMARY KEY,
    id           VARCHAR(64)  NOT NULL UNIQUE,
    type         VARCHAR(32)  NOT NULL,
    subject      VARCHAR(128) NOT NULL,
    occurred_at  BIGINT       NOT NULL,
    data         TEXT         NOT NULL,
    jws          TEXT         NOT NULL
);
CREATE INDEX event_occurred_at ON event (occurred_at);

-- The operator's page lists the latest refusals.
CREATE INDEX refusal_refused_at ON refusal (refused_at);
