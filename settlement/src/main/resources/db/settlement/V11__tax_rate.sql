-- The consumption tax rate of each settlement's tax-inclusive amount, in percent (10, or 8 reduced),
-- from the sealed purchasing information. Receipts state it with the tax it contains (a qualified
-- invoice, 適格請求書). Null on settlements made before the rate was kept: standard-rated (10).
ALTER TABLE settlement ADD COLUMN tax_rate INTEGER CHECK (tax_rate IN (8, 10));
