-- A merchant's two roles have their own keys: its shop's seal purchasing information, its
-- settlement server's sign assertions on the dedicated line. Rows from before keep public_keys
-- (both roles' keys) until the merchant is registered again; auth splits them by key id when it
-- reads them ("-shop-" seals, "-settlement-" asserts, as the demo names them; any other key is
-- given to neither role). The merchant's settlement URL, which every seal's settleAt must equal,
-- and the name on its settlement server's client certificate (its id unless registered otherwise).
ALTER TABLE merchant ADD COLUMN seal_keys TEXT;
ALTER TABLE merchant ADD COLUMN assertion_keys TEXT;
ALTER TABLE merchant ADD COLUMN certificate_name VARCHAR(200);
ALTER TABLE merchant ADD COLUMN settlement_url VARCHAR(2000);
UPDATE merchant SET certificate_name = id WHERE certificate_name IS NULL;
