//! Stores' automatic replies (AUTO-1) and the record that keeps each
//! trigger to once per conversation.

use fiido_protocol::model::AutoReplies;
use sqlx::{AnyConnection, Row};

use super::codec::{from_json_text, to_json_text};
use crate::error::AppResult;

/// A store's automatic replies; none configured: all empty.
pub async fn get(conn: &mut AnyConnection, store_id: &str) -> AppResult<AutoReplies> {
    let row = sqlx::query("SELECT config FROM store_auto_replies WHERE store_id = $1")
        .bind(store_id)
        .fetch_optional(conn)
        .await?;
    match row {
        Some(row) => from_json_text(&row.try_get::<String, _>("config")?),
        None => Ok(AutoReplies::default()),
    }
}

/// Replaces a store's automatic replies.
pub async fn put(
    conn: &mut AnyConnection,
    store_id: &str,
    config: &AutoReplies,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO store_auto_replies (store_id, config, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (store_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at",
    )
    .bind(store_id)
    .bind(to_json_text(config)?)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that a conversation got a trigger's reply; false when it
/// already had (then nothing is sent).
pub async fn claim_trigger(
    conn: &mut AnyConnection,
    conversation_id: &str,
    trigger_key: &str,
    now: i64,
) -> AppResult<bool> {
    let done = sqlx::query(
        "INSERT INTO auto_reply_log (conversation_id, trigger_key, at) VALUES ($1, $2, $3) \
         ON CONFLICT (conversation_id, trigger_key) DO NOTHING",
    )
    .bind(conversation_id)
    .bind(trigger_key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
