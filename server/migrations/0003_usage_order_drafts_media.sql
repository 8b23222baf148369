-- Quick replies keep the order their list was given (QR-1); quick replies
-- and articles count how often agents inserted them (KB-6).
ALTER TABLE quick_replies ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quick_replies ADD COLUMN uses BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN uses BIGINT NOT NULL DEFAULT 0;

-- Events only leads and admins may see (changes of draft articles, KB-5).
ALTER TABLE events ADD COLUMN leads_only INTEGER NOT NULL DEFAULT 0;

-- Images of knowledge articles (KB-2), addressed by the SHA-256 of their
-- bytes; kept as base64 text so the same table serves SQLite and PostgreSQL.
CREATE TABLE media (
    id TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    data TEXT NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by TEXT,
    at BIGINT NOT NULL
);
