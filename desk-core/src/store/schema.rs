//! The cache's schema and its migrations.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{storage, DeskResult};

/// Entities keep their full protocol JSON plus the columns lists filter and
/// sort on; the FTS5 table indexes messages, customers and orders for search,
/// its rowids given by `search_docs` so re-indexing one entity is a rowid lookup.
const V1: &str = "
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL,
    snapshot_done INTEGER NOT NULL
);
INSERT INTO sync_state (id, last_seq, snapshot_done) VALUES (1, 0, 0);

CREATE TABLE stores (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE agents (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    nickname TEXT NOT NULL,
    vip_level INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    pinned INTEGER NOT NULL,
    starred INTEGER NOT NULL,
    sort_at INTEGER NOT NULL,
    waiting_since INTEGER,
    json TEXT NOT NULL
);
CREATE INDEX conversations_list ON conversations (pinned DESC, sort_at DESC);
CREATE INDEX conversations_status ON conversations (status, pinned DESC, sort_at DESC);
CREATE INDEX conversations_waiting ON conversations (status, pinned DESC, waiting_since ASC, sort_at DESC);
CREATE INDEX conversations_starred ON conversations (starred, pinned DESC, sort_at DESC);
CREATE TABLE conversation_tags (
    conversation_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (conversation_id, tag)
);
CREATE INDEX conversation_tags_tag ON conversation_tags (tag);
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    client_id TEXT UNIQUE,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    error TEXT
);
CREATE INDEX messages_conversation ON messages (conversation_id, created_at DESC);
CREATE TABLE orders (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, created_at INTEGER NOT NULL, json TEXT NOT NULL);
CREATE INDEX orders_customer ON orders (customer_id, created_at DESC);
CREATE TABLE products (sku TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE quick_replies (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE articles (id TEXT PRIMARY KEY, json TEXT NOT NULL);

CREATE TABLE outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    conversation_id TEXT,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL
);
CREATE TABLE drafts (
    conversation_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref_id TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, ref_id UNINDEXED, conversation_id UNINDEXED, text,
    tokenize = 'unicode61 remove_diacritics 2'
);
";

/// The agent's own settings (QR-3), and quick replies with their language
/// variants: the old reply rows no longer parse, so the cache forgets what the
/// server sent and takes a fresh snapshot (the outbox and drafts stay).
const V2: &str = "
CREATE TABLE agent_settings (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
DELETE FROM quick_replies;
UPDATE sync_state SET last_seq = 0, snapshot_done = 0 WHERE id = 1;
";

/// Search (CONV-7, see `crate::search`): one contentless FTS5 table per kind,
/// keyed by the entity's rowid, so a customer query never walks a million
/// messages' postings; `text` holds the words, `cjk` the CJK character pairs.
/// Messages are keyed by `search_key`, which sorts by the time written
/// (`created_at` × 4096 + a counter), so "newest first" is FTS5's own
/// descending rowid walk that stops after the first few matches.
/// Prefix indexes of 2 and 3 characters keep short prefixes fast; the vocab
/// tables list the words of the small tables for typo-tolerant matching. The
/// old single index is dropped and the cache re-snapshots to fill the new ones.
const V3: &str = "
DROP TABLE search_index;
DROP TABLE search_docs;
CREATE VIRTUAL TABLE search_messages USING fts5(text, cjk, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_customers USING fts5(text, cjk, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_orders USING fts5(text, cjk, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_products USING fts5(text, cjk, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_articles USING fts5(text, cjk, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE search_customers_vocab USING fts5vocab(search_customers, 'row');
CREATE VIRTUAL TABLE search_products_vocab USING fts5vocab(search_products, 'row');
CREATE VIRTUAL TABLE search_articles_vocab USING fts5vocab(search_articles, 'row');
CREATE INDEX conversations_customer ON conversations (customer_id, sort_at DESC);
ALTER TABLE messages ADD COLUMN search_key INTEGER;
CREATE UNIQUE INDEX messages_search_key ON messages (search_key);
UPDATE sync_state SET last_seq = 0, snapshot_done = 0 WHERE id = 1;
";

/// Article images kept for offline reading (KB-2), by the SHA-256 the
/// server names them with. Replies and articles gained positions and usage
/// counts, which a fresh snapshot brings.
const V4: &str = "
CREATE TABLE media (id TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL);
UPDATE sync_state SET last_seq = 0, snapshot_done = 0 WHERE id = 1;
";

/// Messages an agent deleted for themselves (MSG-6): hidden in this desk
/// only; the conversation and everyone else keep them.
const V5: &str = "
CREATE TABLE hidden_messages (message_id TEXT PRIMARY KEY);
";

/// Follow-up reminders (CUST-5): kept in this desk, so they fire on its
/// clock even offline.
const V6: &str = "
CREATE TABLE reminders (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    note TEXT NOT NULL,
    fired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminders_due ON reminders (fired, due_at);
";

/// After-sales tickets (TKT-1): a fresh snapshot brings the existing ones.
const V7: &str = "
CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX tickets_open ON tickets (status, due_at);
UPDATE sync_state SET last_seq = 0, snapshot_done = 0 WHERE id = 1;
";

/// Files sent with messages (MSG-3): their name, type and id, as JSON.
const V8: &str = "
ALTER TABLE messages ADD COLUMN attachment TEXT;
";

/// Cards in messages (MSG-4); the last tracking seen per order (COM-3), for
/// offline; a fresh snapshot brings the stores' coupons and the orders'
/// reviews.
const V9: &str = "
ALTER TABLE messages ADD COLUMN card TEXT;
CREATE TABLE tracking (order_id TEXT PRIMARY KEY, checked_at INTEGER NOT NULL, json TEXT NOT NULL);
UPDATE sync_state SET last_seq = 0, snapshot_done = 0 WHERE id = 1;
";

/// The unified inbox filters by store and channel (PLAT-5, CONV-8): both
/// as columns with indexes, filled from the cached JSON.
const V10: &str = "
ALTER TABLE conversations ADD COLUMN store_id TEXT;
ALTER TABLE conversations ADD COLUMN channel TEXT;
UPDATE conversations SET store_id = json_extract(json, '$.store_id'), channel = json_extract(json, '$.channel');
CREATE INDEX conversations_store ON conversations (store_id, pinned DESC, sort_at DESC);
CREATE INDEX conversations_channel ON conversations (channel, pinned DESC, sort_at DESC);
";

/// The FTS5 tables of V3, one per kind of entity.
pub const SEARCH_TABLES: [&str; 5] = [
    "search_messages",
    "search_customers",
    "search_orders",
    "search_products",
    "search_articles",
];

/// The schema version `migrate` brings a cache to (benchmarks name their
/// cache files by it, so an old one is regenerated rather than migrated empty).
pub const VERSION: usize = 10;

/// Brings the schema up to date.
pub fn migrate(conn: &mut Connection) -> DeskResult<()> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
        M::up(V10),
    ])
    .to_latest(conn)
    .map_err(storage)
}
