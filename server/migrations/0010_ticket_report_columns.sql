-- Ticket reports (TKT-5) filter and group on these: when a ticket was
-- resolved and whose it is (repeat tickets are one customer's same kind).
-- Tickets saved before this carry them from their next change on.
ALTER TABLE tickets ADD COLUMN resolved_at BIGINT;
ALTER TABLE tickets ADD COLUMN customer_id TEXT;
CREATE INDEX tickets_store_created ON tickets (store_id, created_at);
