-- Subscriber registration information (table 51).
CREATE TABLE subscriber (
    id                VARCHAR(64)  PRIMARY KEY,
    display_name      VARCHAR(200) NOT NULL,
    password_hash     VARCHAR(200) NOT NULL,
    pin_hash          VARCHAR(200),
    status            VARCHAR(16)  NOT NULL,   -- ACTIVE, SUSPENDED, CLOSED
    limit_kind        VARCHAR(16)  NOT NULL,   -- CREDIT (monthly limit) or PREPAID (balance)
    credit_limit      BIGINT       NOT NULL,   -- monthly limit in minor units; 0 for PREPAID
    currency          VARCHAR(3)   NOT NULL,
    bureau_reference  VARCHAR(64),             -- who this subscriber is to the credit bureau
    created_at        BIGINT       NOT NULL
);

-- What a subscriber may spend per period (member use information 53, the totals). For CREDIT the
-- period is a calendar month (YYYY-MM) and cap is the monthly limit; for PREPAID the period is
-- 'PREPAID' and cap is everything ever topped up, so the balance is cap - charged.
-- Invariant 2 lives here: reserved + charged <= cap, checked by every statement that raises them.
CREATE TABLE budget (
    subscriber_id  VARCHAR(64) NOT NULL REFERENCES subscriber (id),
    period         VARCHAR(16) NOT NULL,
    cap            BIGINT      NOT NULL,
    reserved       BIGINT      NOT NULL DEFAULT 0,
    charged        BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (subscriber_id, period),
    CHECK (reserved >= 0 AND charged >= 0 AND reserved + charged <= cap)
);

-- Merchants allowed on the dedicated line, with the public keys that seal their purchasing
-- information and sign their settlement servers' assertions.
CREATE TABLE merchant (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    public_keys TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL
);

-- Purchase recognition information (table 52): each approval, its allowance and where it stands.
-- Status: ISSUED -> ALLOWED -> CHARGED, or ISSUED -> REFUSED / EXPIRED, or ALLOWED -> VOIDED.
CREATE TABLE approval (
    id             VARCHAR(64)  PRIMARY KEY,
    subscriber_id  VARCHAR(64)  NOT NULL REFERENCES subscriber (id),
    merchant_id    VARCHAR(64)  NOT NULL REFERENCES merchant (id),
    pseudonym      VARCHAR(64)  NOT NULL,
    order_id       VARCHAR(128) NOT NULL,
    item_id        VARCHAR(128) NOT NULL,
    title          VARCHAR(200) NOT NULL,
    amount         BIGINT       NOT NULL CHECK (amount > 0),
    currency       VARCHAR(3)   NOT NULL,
    period         VARCHAR(16)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    issued_at      BIGINT       NOT NULL,
    expires_at     BIGINT       NOT NULL,
    judged_at      BIGINT,
    judge_key      VARCHAR(255),
    verdict_code   VARCHAR(64),
    allowance_id   VARCHAR(64)  UNIQUE,
    notify_by      BIGINT,
    charged_at     BIGINT,
    settlement_id  VARCHAR(64),
    UNIQUE (merchant_id, order_id)
);
CREATE INDEX approval_subscriber ON approval (subscriber_id, issued_at);

-- Member use information (53), the entries: append-only, one per charge (and later refund or void).
CREATE TABLE use_entry (
    id             VARCHAR(64)  PRIMARY KEY,
    subscriber_id  VARCHAR(64)  NOT NULL REFERENCES subscriber (id),
    approval_id    VARCHAR(64)  NOT NULL REFERENCES approval (id),
    merchant_id    VARCHAR(64)  NOT NULL,
    kind           VARCHAR(16)  NOT NULL,   -- CHARGE
    amount         BIGINT       NOT NULL,
    currency       VARCHAR(3)   NOT NULL,
    period         VARCHAR(16)  NOT NULL,
    settlement_id  VARCHAR(64),
    recorded_at    BIGINT       NOT NULL,
    UNIQUE (approval_id, kind)
);
