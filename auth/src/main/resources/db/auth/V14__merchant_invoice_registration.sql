-- A merchant's qualified invoice registration number (適格請求書発行事業者登録番号, T and 13
-- digits), part of its registration whether an operator registered it over the admin API or its
-- configuration did (merchant.<id>.invoice-registration-number). Monthly statements state it beside
-- the merchant's lines. Null: not known, and no number is stated.
ALTER TABLE merchant ADD COLUMN invoice_registration_number VARCHAR(14);
