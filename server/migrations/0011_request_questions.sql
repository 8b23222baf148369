-- Reports list the questions customers open their requests with (STAT-4):
-- kept on the request, so a report never joins the messages. Indexes on
-- the request times for reports over every store.
ALTER TABLE conversation_cycles ADD COLUMN question TEXT;
UPDATE conversation_cycles SET question = (
    SELECT SUBSTR(TRIM(m.body), 1, 300) FROM messages m
    WHERE m.conversation_id = conversation_cycles.conversation_id
      AND m.created_at = conversation_cycles.started_at AND m.author = 'customer'
    ORDER BY m.id LIMIT 1);
CREATE INDEX cycles_started_cover
    ON conversation_cycles (started_at, store_id, responder_id, first_response_at, customer_id);
CREATE INDEX cycles_closed_cover ON conversation_cycles (closed_at, store_id, handler_id, started_at);
CREATE INDEX cycles_rated_cover ON conversation_cycles (rated_at, store_id, handler_id, score);
CREATE INDEX cycles_questions ON conversation_cycles (started_at, store_id, question);
-- (The indexes above cover each report query: a period of every store is
-- read in index order, without visiting the table; measured in
-- docs/performance.md, "Reports".)
