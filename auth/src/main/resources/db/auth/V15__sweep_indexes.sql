-- The sweeper looks for issued approvals past their expiry and allowed ones past their notice
-- deadline. One index of every approval by (status, notify_by) served it: it grew with every
-- approval ever made, and each purchase changed its entry three times (issued, allowed, charged).
-- Two partial indexes hold only the approvals the sweeper can still act on, each ordered by the
-- time it compares: an approval enters the first when issued, moves to the second when allowed and
-- leaves it when charged, and both stay as small as the approvals under way. The sweeper's
-- statements name the status as a literal, so that SQLite and PostgreSQL see the index applies.
DROP INDEX approval_sweep;
CREATE INDEX approval_due_expiry ON approval (expires_at) WHERE status = 'ISSUED';
CREATE INDEX approval_due_notice ON approval (notify_by) WHERE status = 'ALLOWED';
