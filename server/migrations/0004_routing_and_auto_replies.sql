-- How new conversations find an agent (AUTO-6): each agent's languages,
-- skills, seniority and capacity, and when they were last given one (for
-- round robin).
CREATE TABLE agent_routing (
    agent_id TEXT PRIMARY KEY REFERENCES agents(id),
    profile TEXT NOT NULL,
    last_assigned_at BIGINT NOT NULL DEFAULT 0
);

-- The queue and the open load per agent are read on every new conversation.
CREATE INDEX conversations_assignee_status ON conversations (assignee_id, status);
CREATE INDEX conversations_queue ON conversations (store_id, status, assignee_id, waiting_since);

-- Each store's automatic replies and business hours (AUTO-1), and which
-- trigger each conversation already got (none is sent twice).
CREATE TABLE store_auto_replies (
    store_id TEXT PRIMARY KEY REFERENCES stores(id),
    config TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE auto_reply_log (
    conversation_id TEXT NOT NULL,
    trigger_key TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, trigger_key)
);

-- A blocked customer's messages are refused politely by the widget (CUST-4).
ALTER TABLE customers ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;

-- Snoozed conversations come back at this time (CONV-9).
ALTER TABLE conversations ADD COLUMN snoozed_until BIGINT;
CREATE INDEX conversations_snoozed ON conversations (status, snoozed_until);
