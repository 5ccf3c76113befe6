-- Receipts a third party can verify, and restoring a buyer's purchases.
-- allowance_token is the issuer's signed payment allowance as it came (a compact JWS): every receipt
-- of the settlement carries it as its transaction record, which anyone holding the issuer's public
-- keys can check offline. Null for settlements made before this migration, whose allowances were
-- not kept. The index lists one buyer's purchases at this merchant by their pseudonym, newest first.
ALTER TABLE settlement ADD COLUMN allowance_token TEXT;
CREATE INDEX settlement_pseudonym ON settlement (pseudonym, settled_at);
