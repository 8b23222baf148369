-- After-sales tickets (TKT-1, TKT-4) and what the carriers last said about
-- each shipped order (COM-3). The ticket itself is JSON in `data`; the
-- columns beside it are what lists and the SLA sweep filter on.
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    store_id TEXT NOT NULL REFERENCES stores(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    remind_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    reminded_at BIGINT,
    breached_at BIGINT,
    created_at BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX tickets_store ON tickets (store_id, status, id);
CREATE INDEX tickets_sla ON tickets (status, remind_at, due_at);
INSERT INTO counters (name, value) VALUES ('ticket_no', 100000);

CREATE TABLE shipments (
    order_id TEXT PRIMARY KEY REFERENCES orders(id),
    exception TEXT,
    ticket_id TEXT,
    checked_at BIGINT NOT NULL
);
