-- A safe default PIN amount: a subscriber with a PIN who never chose an amount had "never", so a
-- stolen terminal secret or remembered browser could spend the whole limit without the PIN. They
-- now have 1,000 in their currency's minor units (1,000 JPY), the default for new registrations
-- (setting pin.default-amount); each can still choose another amount with the PIN. Subscribers
-- without a PIN cannot be asked one and keep theirs.
UPDATE subscriber SET pin_threshold = 1000 WHERE pin_threshold IS NULL AND pin_hash IS NOT NULL;
