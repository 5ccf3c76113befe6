-- The SHA-256 of the approval token as issued (hex). The issuer is the only party that judges an
-- approval, so it recognises its own token by this hash instead of checking its signature again
-- (docs/DECISIONS.md, "Who signs, who checks"). Approvals issued before this column keep NULL and
-- are checked by signature until they expire.
ALTER TABLE approval ADD COLUMN token_sha256 VARCHAR(64);
