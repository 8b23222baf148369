-- Files in conversations (MSG-3). Stored once by the SHA-256 of their bytes
-- (base64 text, so PostgreSQL and SQLite store them alike); the message
-- carries the file's name and type, and the id to check who may fetch it.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data TEXT NOT NULL,
    at BIGINT NOT NULL
);
ALTER TABLE messages ADD COLUMN attachment TEXT;
ALTER TABLE messages ADD COLUMN attachment_id TEXT;
CREATE INDEX messages_attachment ON messages (attachment_id);
