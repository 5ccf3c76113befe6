-- Nothing reads orders by their creation time: the purge selects by expiry, and there are no
-- reports by time. One index entry a purchase fewer.
DROP INDEX shop_order_created_at;
