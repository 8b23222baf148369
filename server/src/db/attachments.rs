//! Files sent in conversations (MSG-3), stored once by the SHA-256 of their
//! bytes; who may fetch one follows from the messages that carry it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sqlx::{AnyConnection, AnyPool, Row};

use super::media::id_of;
use super::Scope;
use crate::error::AppResult;

/// Stores a file under its id (nothing happens when it is already there)
/// and returns the id.
pub async fn put(
    conn: &mut AnyConnection,
    content_type: &str,
    bytes: &[u8],
    at: i64,
) -> AppResult<String> {
    let id = id_of(bytes);
    sqlx::query(
        "INSERT INTO attachments (id, content_type, size, data, at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&id)
    .bind(content_type)
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(STANDARD.encode(bytes))
    .bind(at)
    .execute(conn)
    .await?;
    Ok(id)
}

async fn bytes_of(pool: &AnyPool, id: &str) -> AppResult<Option<(String, Vec<u8>)>> {
    let Some(row) = sqlx::query("SELECT content_type, data FROM attachments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let data: String = row.try_get("data")?;
    let bytes = STANDARD
        .decode(data)
        .map_err(|e| anyhow::anyhow!("stored file {id} is not base64: {e}"))?;
    Ok(Some((row.try_get("content_type")?, bytes)))
}

/// A file sent in a conversation of a store the caller sees.
pub async fn for_scope(
    pool: &AnyPool,
    scope: &Scope,
    id: &str,
) -> AppResult<Option<(String, Vec<u8>)>> {
    let visible = sqlx::query(
        "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         WHERE m.attachment_id = $1 AND ($2 = 1 OR c.store_id IN \
         (SELECT store_id FROM agent_stores WHERE agent_id = $3)) LIMIT 1",
    )
    .bind(id)
    .bind(i64::from(scope.all_stores))
    .bind(&scope.agent_id)
    .fetch_optional(pool)
    .await?
    .is_some();
    if !visible {
        return Ok(None);
    }
    bytes_of(pool, id).await
}

/// A file sent in this conversation (the visitor's own).
pub async fn in_conversation(
    pool: &AnyPool,
    conversation_id: &str,
    id: &str,
) -> AppResult<Option<(String, Vec<u8>)>> {
    let visible = sqlx::query(
        "SELECT id FROM messages WHERE attachment_id = $1 AND conversation_id = $2 \
         AND author <> 'note' LIMIT 1",
    )
    .bind(id)
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?
    .is_some();
    if !visible {
        return Ok(None);
    }
    bytes_of(pool, id).await
}
