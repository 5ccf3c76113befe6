-- Reversals the issuer opened on this merchant's purchases (docs/SETTLEMENT.md, "Reversals"), as
-- the reversal.* events and the issuer's answers to ours told them: status is opened, contested,
-- accepted, upheld or rejected, and only ever moves forward, so events that come twice or out of
-- order change nothing. refunded is what the reversal gave back once decided; that money is the
-- refund whose id is the reversal's id (table refund), recorded once in the ledger. A settlement
-- with an accepted or upheld reversal that gave money back is no longer delivered.
CREATE TABLE reversal (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    approval_id VARCHAR(64) NOT NULL,
    allowance_id VARCHAR(128),
    settlement_id VARCHAR(64),
    reason VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL,
    amount BIGINT NOT NULL,
    currency VARCHAR(3) NOT NULL,
    refunded BIGINT,
    note VARCHAR(500),
    decision_note VARCHAR(500),
    opened_at BIGINT NOT NULL,
    answered_at BIGINT,
    decided_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX reversal_settlement ON reversal (settlement_id);
CREATE INDEX reversal_opened ON reversal (opened_at, id);
