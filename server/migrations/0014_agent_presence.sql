-- Who is connected right now (STAT-1 "agents online"): each instance keeps
-- a row per agent with an open socket and refreshes it; a row older than
-- the presence timeout belongs to an instance that stopped.
CREATE TABLE agent_presence (
    agent_id TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    sockets BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (agent_id, instance_id)
);
