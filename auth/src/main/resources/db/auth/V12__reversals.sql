-- Reversals the issuer starts on a charged purchase (docs/AUTH.md, "Reversals"): a subscriber's
-- dispute or customer care. status moves OPENED -> ACCEPTED (the merchant gave the money back) or
-- CONTESTED (note: the merchant's reasons) -> UPHELD (the issuer gave it back) or REJECTED.
-- amount is what the reversal asks back; refunded what it gave back once decided (the refund of
-- the same id in use_entry, applied once like a merchant's refund). One reversal of an approval
-- may be open (OPENED or CONTESTED) at a time: the partial unique index says so to both databases.
CREATE TABLE reversal (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    approval_id VARCHAR(64) NOT NULL REFERENCES approval (id),
    merchant_id VARCHAR(64) NOT NULL,
    subscriber_id VARCHAR(64) NOT NULL,
    reason VARCHAR(32) NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    currency VARCHAR(3) NOT NULL,
    status VARCHAR(16) NOT NULL,
    refunded BIGINT CHECK (refunded >= 0 AND refunded <= amount),
    note VARCHAR(500),
    decision_note VARCHAR(500),
    opened_by VARCHAR(64) NOT NULL,
    opened_at BIGINT NOT NULL,
    answered_at BIGINT,
    decided_at BIGINT
);
CREATE UNIQUE INDEX reversal_one_open ON reversal (approval_id) WHERE status IN ('OPENED', 'CONTESTED');
CREATE INDEX reversal_status ON reversal (status, opened_at, id);
CREATE INDEX reversal_merchant ON reversal (merchant_id, opened_at);
