//! Requests ("cycles") of conversations, the rows statistics are computed
//! from (STAT-1..5): started by a customer's message, answered by an
//! agent's, ended by the close, rated by the customer. Written in the same
//! transaction as the message or change, so the figures always match what
//! happened.

use fiido_protocol::model::{Conversation, ConversationStatus};
use sqlx::{AnyConnection, Row};

use crate::error::AppResult;

/// The longest opening question a request keeps, in characters.
pub const QUESTION_MAX_CHARS: usize = 300;

/// A customer wrote: a new request starts unless one is open; it keeps
/// what they opened with, for the top-questions report.
pub async fn customer_wrote(
    conn: &mut AnyConnection,
    c: &Conversation,
    body: &str,
    at: i64,
) -> AppResult<()> {
    let open: i64 = sqlx::query(
        "SELECT COUNT(*) FROM conversation_cycles WHERE conversation_id = $1 AND closed_at IS NULL",
    )
    .bind(&c.id)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    if open == 0 {
        sqlx::query(
            "INSERT INTO conversation_cycles (id, conversation_id, store_id, customer_id, started_at, question) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(crate::chat::new_id())
        .bind(&c.id)
        .bind(&c.store_id)
        .bind(&c.customer_id)
        .bind(at)
        .bind(body.trim().chars().take(QUESTION_MAX_CHARS).collect::<String>())
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// An agent wrote: the open request, if still waiting, is answered.
pub async fn agent_wrote(
    conn: &mut AnyConnection,
    conversation_id: &str,
    agent_id: &str,
    at: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE conversation_cycles SET first_response_at = $1, responder_id = $2 \
         WHERE conversation_id = $3 AND closed_at IS NULL AND first_response_at IS NULL",
    )
    .bind(at)
    .bind(agent_id)
    .bind(conversation_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A conversation was saved: closing it ends its open request, handled by
/// whoever has the conversation (else whoever answered it).
pub async fn conversation_saved(conn: &mut AnyConnection, c: &Conversation) -> AppResult<()> {
    if c.status != ConversationStatus::Closed {
        return Ok(());
    }
    sqlx::query(
        "UPDATE conversation_cycles SET closed_at = $1, handler_id = COALESCE($2, responder_id) \
         WHERE conversation_id = $3 AND closed_at IS NULL",
    )
    .bind(c.updated_at)
    .bind(&c.assignee_id)
    .bind(&c.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rates the conversation's last closed request; false when it has none
/// (still open, or never started).
pub async fn rate(
    conn: &mut AnyConnection,
    conversation_id: &str,
    score: i64,
    comment: Option<&str>,
    at: i64,
) -> AppResult<bool> {
    let last: Option<String> = sqlx::query(
        "SELECT id FROM conversation_cycles WHERE conversation_id = $1 AND closed_at IS NOT NULL \
         ORDER BY closed_at DESC LIMIT 1",
    )
    .bind(conversation_id)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let Some(id) = last else {
        return Ok(false);
    };
    sqlx::query(
        "UPDATE conversation_cycles SET score = $1, comment = $2, rated_at = $3 WHERE id = $4",
    )
    .bind(score)
    .bind(comment)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Derives the requests of conversations that have none (a database from
/// before requests were recorded, or the demo's generated history): one per
/// conversation, from its first customer message, first agent answer after
/// it, and its close.
pub async fn derive_missing(conn: &mut AnyConnection) -> AppResult<u64> {
    let done = sqlx::query(
        "INSERT INTO conversation_cycles (id, conversation_id, store_id, customer_id, started_at, \
           first_response_at, responder_id, closed_at, handler_id, question) \
         SELECT c.id, c.id, c.store_id, c.customer_id, f.started_at, \
           (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent' \
              AND m.created_at >= f.started_at), \
           (SELECT m.author_id FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent' \
              AND m.created_at >= f.started_at ORDER BY m.created_at LIMIT 1), \
           CASE WHEN c.status = 'closed' THEN c.updated_at END, \
           c.assignee_id, \
           (SELECT SUBSTR(TRIM(m.body), 1, 300) FROM messages m WHERE m.conversation_id = c.id \
              AND m.author = 'customer' AND m.created_at = f.started_at ORDER BY m.id LIMIT 1) \
         FROM conversations c \
         JOIN (SELECT conversation_id, MIN(created_at) AS started_at FROM messages \
               WHERE author = 'customer' GROUP BY conversation_id) f ON f.conversation_id = c.id \
         WHERE NOT EXISTS (SELECT 1 FROM conversation_cycles y WHERE y.conversation_id = c.id)",
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
