//! Agents' live connections (STAT-1): a row per agent and server instance
//! while they have a socket open, refreshed by a heartbeat, so every
//! instance sharing the database counts the same agents online. Written in
//! the single write transaction like everything else (on SQLite a write
//! beside it would make its snapshot stale).

use sqlx::{AnyConnection, AnyPool, Row};

use crate::error::AppResult;

/// How long a row counts without a heartbeat (three missed beats).
pub const TIMEOUT_MS: i64 = 90_000;

/// An agent opened a socket on this instance.
pub async fn connected(
    conn: &mut AnyConnection,
    agent_id: &str,
    instance: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO agent_presence (agent_id, instance_id, sockets, last_seen) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (agent_id, instance_id) DO UPDATE SET sockets = agent_presence.sockets + 1, last_seen = $3",
    )
    .bind(agent_id)
    .bind(instance)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// One of the agent's sockets on this instance closed.
pub async fn disconnected(
    conn: &mut AnyConnection,
    agent_id: &str,
    instance: &str,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE agent_presence SET sockets = sockets - 1 WHERE agent_id = $1 AND instance_id = $2",
    )
    .bind(agent_id)
    .bind(instance)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM agent_presence WHERE agent_id = $1 AND instance_id = $2 AND sockets <= 0",
    )
    .bind(agent_id)
    .bind(instance)
    .execute(conn)
    .await?;
    Ok(())
}

/// This instance is alive: its rows stay fresh.
pub async fn heartbeat(conn: &mut AnyConnection, instance: &str, now: i64) -> AppResult<()> {
    sqlx::query("UPDATE agent_presence SET last_seen = $1 WHERE instance_id = $2")
        .bind(now)
        .bind(instance)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM agent_presence WHERE last_seen < $1")
        .bind(now - 10 * TIMEOUT_MS)
        .execute(conn)
        .await?;
    Ok(())
}

/// The agents connected to any instance now.
pub async fn online(pool: &AnyPool, now: i64) -> AppResult<Vec<String>> {
    sqlx::query(
        "SELECT DISTINCT agent_id FROM agent_presence WHERE sockets > 0 AND last_seen >= $1",
    )
    .bind(now - TIMEOUT_MS)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(r.try_get("agent_id")?))
    .collect()
}
