-- The consumption tax rate of each approval's tax-inclusive amount, in percent (10, or 8 reduced),
-- as the merchant sealed it in the purchasing information. Monthly statements group charges and
-- refunds by it and state the tax per rate (a qualified invoice, 適格請求書). Null on approvals made
-- before the rate was kept, and on those of seals that carry none: both are standard-rated (10).
ALTER TABLE approval ADD COLUMN tax_rate INTEGER CHECK (tax_rate IN (8, 10));
