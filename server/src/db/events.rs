//! The append-only event log and its seq counter.

use fiido_protocol::events::{Event, EventData};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{from_json_text, to_json_text};
use super::Scope;
use crate::error::AppResult;

/// Allocates the next seq (a counter row updated inside the writing
/// transaction, so seq order is commit order) and appends the event.
pub async fn append(
    conn: &mut AnyConnection,
    at: i64,
    store_id: Option<&str>,
    conversation_id: Option<&str>,
    client_id: Option<&str>,
    data: EventData,
) -> AppResult<Event> {
    let seq: i64 = sqlx::query(
        "UPDATE counters SET value = value + 1 WHERE name = 'event_seq' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    sqlx::query(
        "INSERT INTO events (seq, at, store_id, conversation_id, client_id, kind, payload, agent_id, leads_only) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(seq)
    .bind(at)
    .bind(store_id)
    .bind(conversation_id)
    .bind(client_id)
    .bind(data.kind())
    .bind(to_json_text(&data)?)
    .bind(data.private_to())
    .bind(i64::from(data.leads_only()))
    .execute(&mut *conn)
    .await?;
    Ok(Event {
        seq,
        at,
        store_id: store_id.map(str::to_owned),
        conversation_id: conversation_id.map(str::to_owned),
        client_id: client_id.map(str::to_owned),
        data,
    })
}

fn from_row(row: &AnyRow) -> AppResult<Event> {
    Ok(Event {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        store_id: row.try_get("store_id")?,
        conversation_id: row.try_get("conversation_id")?,
        client_id: row.try_get("client_id")?,
        data: from_json_text(&row.try_get::<String, _>("payload")?)?,
    })
}

/// The newest seq in the log.
pub async fn head(pool: &AnyPool) -> AppResult<i64> {
    Ok(
        sqlx::query("SELECT value FROM counters WHERE name = 'event_seq'")
            .fetch_one(pool)
            .await?
            .try_get(0)?,
    )
}

/// The lowest position a reader may resume from: events at or below it were pruned.
pub async fn floor(pool: &AnyPool) -> AppResult<i64> {
    Ok(
        sqlx::query("SELECT value FROM counters WHERE name = 'event_floor'")
            .fetch_one(pool)
            .await?
            .try_get(0)?,
    )
}

/// Up to `limit` events after `after` that `scope` may see, in seq order.
pub async fn visible_after(
    pool: &AnyPool,
    scope: &Scope,
    after: i64,
    limit: i64,
) -> AppResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, at, store_id, conversation_id, client_id, payload FROM events \
         WHERE seq > $1 AND (agent_id IS NULL OR agent_id = $3) AND (leads_only = 0 OR $5 = 1) \
           AND (store_id IS NULL OR $2 = 1 OR store_id IN \
           (SELECT store_id FROM agent_stores WHERE agent_id = $3)) \
         ORDER BY seq LIMIT $4",
    )
    .bind(after)
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .bind(limit)
    .bind(i64::from(scope.sees_drafts))
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Up to `limit` events after `after`, whoever may see them: what an
/// instance publishes to its own sockets, which filter by scope.
pub async fn after(pool: &AnyPool, after: i64, limit: i64) -> AppResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, at, store_id, conversation_id, client_id, payload FROM events \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Up to `limit` message events of one conversation after `after`, for the widget.
pub async fn messages_of_conversation_after(
    pool: &AnyPool,
    conversation_id: &str,
    after: i64,
    limit: i64,
) -> AppResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, at, store_id, conversation_id, client_id, payload FROM events \
         WHERE conversation_id = $1 AND seq > $2 AND kind = 'message_upserted' \
         ORDER BY seq LIMIT $3",
    )
    .bind(conversation_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Deletes all but the newest `keep_last` events and raises the floor.
pub async fn prune(conn: &mut AnyConnection, keep_last: i64) -> AppResult<i64> {
    let head: i64 = sqlx::query("SELECT value FROM counters WHERE name = 'event_seq'")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let new_floor = (head - keep_last).max(0);
    sqlx::query("DELETE FROM events WHERE seq <= $1")
        .bind(new_floor)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE counters SET value = $1 WHERE name = 'event_floor' AND value < $1")
        .bind(new_floor)
        .execute(&mut *conn)
        .await?;
    let floor: i64 = sqlx::query("SELECT value FROM counters WHERE name = 'event_floor'")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(floor)
}
