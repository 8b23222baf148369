-- Statistics (STAT-1..5) are computed with SQL from these rows, written in
-- the same transaction as the messages and changes they describe. A cycle
-- is one request of a customer: it starts with their first message while
-- no cycle of the conversation is open, gets its first agent answer, and
-- ends when the conversation is closed; the customer may rate it (1-5).
CREATE TABLE conversation_cycles (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    store_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    first_response_at BIGINT,
    responder_id TEXT,
    closed_at BIGINT,
    handler_id TEXT,
    score BIGINT,
    comment TEXT,
    rated_at BIGINT
);
CREATE INDEX cycles_store_started ON conversation_cycles (store_id, started_at);
CREATE INDEX cycles_open ON conversation_cycles (conversation_id, closed_at);
CREATE INDEX cycles_store_closed ON conversation_cycles (store_id, closed_at);
CREATE INDEX cycles_store_rated ON conversation_cycles (store_id, rated_at);
CREATE INDEX orders_customer_created ON orders (customer_id, created_at);
