-- Portable SQL: runs on SQLite and PostgreSQL alike (no AUTOINCREMENT, no
-- SQLite-only types). Times are Unix milliseconds, JSON lists are TEXT,
-- booleans are 0/1 integers.

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('event_seq', 0);
INSERT INTO counters (name, value) VALUES ('event_floor', 0);

CREATE TABLE stores (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    domain TEXT NOT NULL,
    currency TEXT NOT NULL,
    timezone TEXT NOT NULL,
    overdue_after_secs BIGINT NOT NULL,
    origins TEXT NOT NULL
);

CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE agent_stores (
    agent_id TEXT NOT NULL REFERENCES agents(id),
    store_id TEXT NOT NULL REFERENCES stores(id),
    PRIMARY KEY (agent_id, store_id)
);

CREATE TABLE agent_sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    store_id TEXT NOT NULL REFERENCES stores(id),
    nickname TEXT NOT NULL,
    email TEXT,
    avatar_url TEXT,
    vip_level BIGINT NOT NULL,
    tags TEXT NOT NULL,
    source TEXT NOT NULL,
    country TEXT,
    city TEXT,
    timezone TEXT,
    device TEXT,
    language TEXT,
    visits_this_month BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX customers_store ON customers (store_id, id);

CREATE TABLE customer_sessions (
    token_hash TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    conversation_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    store_id TEXT NOT NULL REFERENCES stores(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL,
    assignee_id TEXT REFERENCES agents(id),
    channel TEXT NOT NULL,
    tags TEXT NOT NULL,
    pinned BIGINT NOT NULL,
    starred BIGINT NOT NULL,
    last_author TEXT,
    last_body TEXT,
    last_at BIGINT,
    waiting_since BIGINT,
    unread_count BIGINT NOT NULL,
    order_number TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX conversations_store ON conversations (store_id, id);
CREATE INDEX conversations_customer ON conversations (customer_id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    author TEXT NOT NULL,
    author_id TEXT,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    client_id TEXT,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, created_at, id);
CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, author, client_id)
    WHERE client_id IS NOT NULL;

CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    store_id TEXT,
    conversation_id TEXT,
    client_id TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX events_conversation ON events (conversation_id, seq);

CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (principal, key)
);

CREATE TABLE products (
    sku TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    model TEXT NOT NULL,
    category TEXT NOT NULL,
    prices TEXT NOT NULL,
    stock TEXT NOT NULL,
    restock_eta_days BIGINT
);

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    store_id TEXT NOT NULL REFERENCES stores(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL,
    items TEXT NOT NULL,
    total_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    carrier TEXT,
    tracking_no TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE quick_replies (
    id TEXT PRIMARY KEY,
    store_id TEXT REFERENCES stores(id),
    scope TEXT NOT NULL,
    owner_id TEXT REFERENCES agents(id),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    slot BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    store_id TEXT REFERENCES stores(id),
    category_path TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    visibility TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
