-- Quick replies carry their language variants together (QR-2); the Ctrl+1..9
-- slots move to each agent's settings (QR-3). No store ran 0001 in
-- production, so the old rows are not converted.
DROP TABLE quick_replies;
CREATE TABLE quick_replies (
    id TEXT PRIMARY KEY,
    store_id TEXT REFERENCES stores(id),
    scope TEXT NOT NULL,
    owner_id TEXT REFERENCES agents(id),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    variants TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE agent_settings (
    agent_id TEXT PRIMARY KEY REFERENCES agents(id),
    settings TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Events only one agent may see (their own settings).
ALTER TABLE events ADD COLUMN agent_id TEXT;

-- Every version of a knowledge article, for history and restore (KB-4).
CREATE TABLE article_revisions (
    article_id TEXT NOT NULL,
    revision BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    category_path TEXT NOT NULL,
    visibility TEXT NOT NULL,
    author_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (article_id, revision)
);
