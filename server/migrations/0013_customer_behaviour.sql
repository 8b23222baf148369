-- What a visitor did on the shop, reported by the widget with their
-- consent (CUST-3): viewed products, cart, searches, as JSON; and when
-- they last had something in the cart, for the reports' funnel (STAT-4).
ALTER TABLE customers ADD COLUMN behaviour TEXT;
ALTER TABLE customers ADD COLUMN cart_at BIGINT;
