//! What routing reads and writes (AUTO-6): agents' routing profiles and
//! round-robin clock, who can take a conversation of a store right now, and
//! the store's queue.

use fiido_protocol::model::{AgentSettings, AgentStatus, Conversation, Role, RoutingProfile};
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{from_json_text, text_to_enum, to_json_text};
use crate::error::AppResult;
use crate::routing::Candidate;

/// The profile an agent has until a lead sets one: agents take five open
/// conversations, leads and admins none (they supervise).
pub fn default_profile(role: Role) -> RoutingProfile {
    RoutingProfile {
        languages: Vec::new(),
        skills: Vec::new(),
        senior: role != Role::Agent,
        capacity: if role == Role::Agent { 5 } else { 0 },
    }
}

/// An agent's routing profile.
pub async fn profile(pool: &AnyPool, agent_id: &str, role: Role) -> AppResult<RoutingProfile> {
    let row = sqlx::query("SELECT profile FROM agent_routing WHERE agent_id = $1")
        .bind(agent_id)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => from_json_text(&row.try_get::<String, _>("profile")?),
        None => Ok(default_profile(role)),
    }
}

/// Replaces an agent's routing profile (their round-robin clock stays).
pub async fn put_profile(
    conn: &mut AnyConnection,
    agent_id: &str,
    profile: &RoutingProfile,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO agent_routing (agent_id, profile, last_assigned_at) VALUES ($1, $2, 0) \
         ON CONFLICT (agent_id) DO UPDATE SET profile = excluded.profile",
    )
    .bind(agent_id)
    .bind(to_json_text(profile)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// Who serves the store, is available, and may be routed conversations,
/// with their open load, inside the writing transaction.
pub async fn candidates(conn: &mut AnyConnection, store_id: &str) -> AppResult<Vec<Candidate>> {
    let rows = sqlx::query(
        "SELECT a.id, a.role, r.profile, COALESCE(r.last_assigned_at, 0) AS last_assigned_at, s.settings, \
           (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = a.id AND c.status <> 'closed') AS open \
         FROM agents a JOIN agent_stores m ON m.agent_id = a.id AND m.store_id = $1 \
         LEFT JOIN agent_routing r ON r.agent_id = a.id \
         LEFT JOIN agent_settings s ON s.agent_id = a.id \
         ORDER BY a.id",
    )
    .bind(store_id)
    .fetch_all(conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let settings: Option<String> = row.try_get("settings")?;
        let settings: AgentSettings = match settings {
            Some(json) => from_json_text(&json)?,
            None => AgentSettings::default(),
        };
        if settings.status != AgentStatus::Available {
            continue;
        }
        let role: Role = text_to_enum(&row.try_get::<String, _>("role")?)?;
        let profile: Option<String> = row.try_get("profile")?;
        out.push(Candidate {
            id: row.try_get("id")?,
            profile: match profile {
                Some(json) => from_json_text(&json)?,
                None => default_profile(role),
            },
            open: row.try_get("open")?,
            last_assigned_at: row.try_get("last_assigned_at")?,
        });
    }
    Ok(out)
}

/// Records that `candidate` was just given a conversation (round robin).
pub async fn touch(conn: &mut AnyConnection, candidate: &Candidate, now: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO agent_routing (agent_id, profile, last_assigned_at) VALUES ($1, $2, $3) \
         ON CONFLICT (agent_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at",
    )
    .bind(&candidate.id)
    .bind(to_json_text(&candidate.profile)?)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The store's queue: waiting conversations nobody has, longest waiting first.
pub async fn queue(conn: &mut AnyConnection, store_id: &str) -> AppResult<Vec<Conversation>> {
    let rows = sqlx::query(
        "SELECT * FROM conversations WHERE store_id = $1 AND status = 'waiting' AND assignee_id IS NULL \
         ORDER BY waiting_since, id",
    )
    .bind(store_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(super::conversations::from_row).collect()
}

/// Whether another conversation than `conversation_id` waits in the
/// store's queue: one indexed row, however long the queue (the message
/// path asks this for every customer message).
pub async fn others_queued(
    conn: &mut AnyConnection,
    store_id: &str,
    conversation_id: &str,
) -> AppResult<bool> {
    Ok(sqlx::query(
        "SELECT id FROM conversations WHERE store_id = $1 AND status = 'waiting' \
         AND assignee_id IS NULL AND id <> $2 LIMIT 1",
    )
    .bind(store_id)
    .bind(conversation_id)
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// Where a conversation stands in its store's queue (1 = next), or None
/// when it is not queued.
pub async fn queue_position<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    conversation_id: &str,
) -> AppResult<Option<i64>> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM conversations o WHERE o.store_id = c.store_id \
           AND o.status = 'waiting' AND o.assignee_id IS NULL \
           AND (o.waiting_since < c.waiting_since OR (o.waiting_since = c.waiting_since AND o.id < c.id))) + 1 AS position \
         FROM conversations c WHERE c.id = $1 AND c.status = 'waiting' AND c.assignee_id IS NULL",
    )
    .bind(conversation_id)
    .fetch_optional(db)
    .await?;
    row.map(|r| r.try_get("position"))
        .transpose()
        .map_err(Into::into)
}
