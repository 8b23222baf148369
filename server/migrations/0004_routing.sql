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
