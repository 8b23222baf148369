//! Login sessions of agents and chat sessions of widget visitors; only token
//! hashes are stored.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::error::AppResult;

/// Records an agent session.
pub async fn create_agent_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    agent_id: &str,
    now: i64,
    expires_at: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(agent_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends an agent session.
pub async fn delete_agent_session(conn: &mut AnyConnection, token_hash: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM agent_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// A visitor's chat session: who they are and which conversation is theirs.
#[derive(Debug, Clone)]
pub struct VisitorSession {
    pub customer_id: String,
    pub conversation_id: String,
}

/// Records a visitor session.
pub async fn create_visitor_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    session: &VisitorSession,
    now: i64,
    expires_at: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO customer_sessions (token_hash, customer_id, conversation_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(&session.customer_id)
    .bind(&session.conversation_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The visitor session holding an unexpired token (by its hash).
pub async fn visitor_by_token(
    pool: &AnyPool,
    token_hash: &str,
    now: i64,
) -> AppResult<Option<VisitorSession>> {
    let row = sqlx::query(
        "SELECT customer_id, conversation_id FROM customer_sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(VisitorSession {
            customer_id: r.try_get("customer_id")?,
            conversation_id: r.try_get("conversation_id")?,
        })
    })
    .transpose()
}
