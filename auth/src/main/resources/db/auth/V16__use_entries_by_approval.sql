-- A refund reads the points the charge earned and those earlier refunds took back, by approval and
-- kind. The one index by approval, use_entry_once, holds only the entries of no refund (it is what
-- keeps a charge, a void and the points earned one per approval), so those reads scanned every use
-- entry ever written. The same uniqueness, with refund entries told apart by their refund id, is an
-- index every entry is in: one of no refund is still one per approval and kind (refund ids are
-- never empty), and a refund's entries were already one per merchant, refund and kind
-- (use_entry_once_per_refund). The number of indexes a purchase writes does not change.
DROP INDEX use_entry_once;
CREATE UNIQUE INDEX use_entry_once ON use_entry (approval_id, kind, (COALESCE(refund_id, '')));
