-- Channels besides the widget (PLAT-5, CONV-8) and privacy requests (CUST-6).

-- Who a customer is on a channel: an e-mail address, a WhatsApp number.
CREATE TABLE channel_identities (
    store_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (store_id, channel, address)
);
CREATE INDEX channel_identities_customer ON channel_identities (customer_id);

-- An e-mail conversation: the subject replies carry, and every Message-ID
-- seen or sent in it, so a reply threads by In-Reply-To / References.
CREATE TABLE email_threads (
    conversation_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    last_message_id TEXT NOT NULL
);
CREATE TABLE email_message_ids (
    message_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL
);
CREATE INDEX email_message_ids_conversation ON email_message_ids (conversation_id);

-- Agents' replies waiting to leave by e-mail or the outbound webhook; a
-- worker delivers each once, retrying with back-off.
CREATE TABLE channel_outbox (
    message_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at BIGINT,
    last_error TEXT
);
CREATE INDEX channel_outbox_due ON channel_outbox (delivered_at, next_attempt_at);

-- Who exported or erased a customer's data, and when (CUST-6).
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
