-- What a visitor did on the shop, reported by the widget with their
-- consent (CUST-3): viewed products, cart, searches, as JSON.
ALTER TABLE customers ADD COLUMN behaviour TEXT;
