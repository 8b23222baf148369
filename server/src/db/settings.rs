//! Each agent's own settings (QR-3 slots, hotkey scope).

use fiido_protocol::model::AgentSettings;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{from_json_text, to_json_text};
use crate::error::AppResult;

/// The agent's settings; the defaults when they never saved any.
pub async fn get(pool: &AnyPool, agent_id: &str) -> AppResult<AgentSettings> {
    let row = sqlx::query("SELECT settings FROM agent_settings WHERE agent_id = $1")
        .bind(agent_id)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => from_json_text(&row.try_get::<String, _>("settings")?),
        None => Ok(AgentSettings::default()),
    }
}

/// Replaces the agent's settings.
pub async fn put(
    conn: &mut AnyConnection,
    agent_id: &str,
    settings: &AgentSettings,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO agent_settings (agent_id, settings, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (agent_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(agent_id)
    .bind(to_json_text(settings)?)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
