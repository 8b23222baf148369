-- Cards in messages (MSG-4), the stores' coupons (COM-5) and the
-- customers' ratings of their orders (CUST-2's positive-review rate).
ALTER TABLE messages ADD COLUMN card TEXT;
ALTER TABLE stores ADD COLUMN coupons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE orders ADD COLUMN review_rating BIGINT;
