//! Agents, their stores, and their login sessions' lookup.

use fiido_protocol::model::{Agent, Role};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::text_to_enum;
use super::Scope;
use crate::error::AppResult;

async fn store_ids(pool: &AnyPool, agent_id: &str) -> AppResult<Vec<String>> {
    let rows =
        sqlx::query("SELECT store_id FROM agent_stores WHERE agent_id = $1 ORDER BY store_id")
            .bind(agent_id)
            .fetch_all(pool)
            .await?;
    rows.iter().map(|r| Ok(r.try_get("store_id")?)).collect()
}

async fn from_row(pool: &AnyPool, row: &AnyRow) -> AppResult<Agent> {
    let id: String = row.try_get("id")?;
    let store_ids = store_ids(pool, &id).await?;
    Ok(Agent {
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: text_to_enum::<Role>(&row.try_get::<String, _>("role")?)?,
        store_ids,
        id,
    })
}

/// Inserts an agent with a password hash and the stores they serve.
pub async fn insert(
    conn: &mut AnyConnection,
    agent: &Agent,
    password_hash: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO agents (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&agent.id)
    .bind(&agent.email)
    .bind(&agent.name)
    .bind(agent.role.as_str())
    .bind(password_hash)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for store_id in &agent.store_ids {
        sqlx::query("INSERT INTO agent_stores (agent_id, store_id) VALUES ($1, $2)")
            .bind(&agent.id)
            .bind(store_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// An agent and their password hash, by e-mail, for login.
pub async fn by_email_with_hash(pool: &AnyPool, email: &str) -> AppResult<Option<(Agent, String)>> {
    let row =
        sqlx::query("SELECT id, email, name, role, password_hash FROM agents WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    match row {
        Some(row) => {
            let hash: String = row.try_get("password_hash")?;
            Ok(Some((from_row(pool, &row).await?, hash)))
        }
        None => Ok(None),
    }
}

/// The agent holding an unexpired session token (by its hash).
pub async fn by_session(pool: &AnyPool, token_hash: &str, now: i64) -> AppResult<Option<Agent>> {
    let row = sqlx::query(
        "SELECT a.id, a.email, a.name, a.role FROM agent_sessions s JOIN agents a ON a.id = s.agent_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => Ok(Some(from_row(pool, &row).await?)),
        None => Ok(None),
    }
}

/// The agents sharing a store with the caller (everyone, for admins).
pub async fn visible(pool: &AnyPool, scope: &Scope) -> AppResult<Vec<Agent>> {
    let rows = sqlx::query(
        "SELECT id, email, name, role FROM agents a WHERE $1 = 1 OR EXISTS ( \
           SELECT 1 FROM agent_stores mine JOIN agent_stores theirs ON theirs.store_id = mine.store_id \
           WHERE mine.agent_id = $2 AND theirs.agent_id = a.id) ORDER BY name",
    )
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(from_row(pool, row).await?);
    }
    Ok(out)
}

/// The agents who serve a store, and every admin: who may take over one of
/// its conversations and be @mentioned in it.
pub async fn serving(pool: &AnyPool, store_id: &str) -> AppResult<Vec<Agent>> {
    let rows = sqlx::query(
        "SELECT id, email, name, role FROM agents a WHERE role = 'admin' OR EXISTS ( \
           SELECT 1 FROM agent_stores s WHERE s.agent_id = a.id AND s.store_id = $1) ORDER BY name",
    )
    .bind(store_id)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(from_row(pool, row).await?);
    }
    Ok(out)
}
