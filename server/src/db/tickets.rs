//! Tickets (TKT-1) and the shipments the carrier sweep follows (COM-3).

use fiido_protocol::tickets::{Ticket, TicketKind, TicketStatus};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{enum_to_text, from_json_text, to_json_text};
use super::Scope;
use crate::error::AppResult;

/// Maps a tickets row (the ticket is kept whole in `data`).
pub fn from_row(row: &AnyRow) -> AppResult<Ticket> {
    from_json_text(&row.try_get::<String, _>("data")?)
}

/// The next ticket number, e.g. `T-100001`.
pub async fn next_number(conn: &mut AnyConnection) -> AppResult<String> {
    let n: i64 = sqlx::query(
        "UPDATE counters SET value = value + 1 WHERE name = 'ticket_no' RETURNING value",
    )
    .fetch_one(conn)
    .await?
    .try_get(0)?;
    Ok(format!("T-{n}"))
}

/// Whether a ticket has this id.
pub async fn exists(conn: &mut AnyConnection, id: &str) -> AppResult<bool> {
    Ok(sqlx::query("SELECT id FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .is_some())
}

/// Inserts a new ticket or stores a changed one.
pub async fn save(conn: &mut AnyConnection, t: &Ticket) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO tickets (id, number, store_id, kind, status, remind_at, due_at, reminded_at, \
         breached_at, created_at, data, resolved_at, customer_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, reminded_at = excluded.reminded_at, \
         breached_at = excluded.breached_at, data = excluded.data, resolved_at = excluded.resolved_at, \
         customer_id = excluded.customer_id",
    )
    .bind(&t.id)
    .bind(&t.number)
    .bind(&t.store_id)
    .bind(enum_to_text(&t.kind))
    .bind(enum_to_text(&t.status))
    .bind(t.remind_at())
    .bind(t.due_at)
    .bind(t.reminded_at)
    .bind(t.breached_at)
    .bind(t.created_at)
    .bind(to_json_text(t)?)
    .bind(t.resolved_at)
    .bind(&t.customer_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A ticket the caller may see, by id or number.
pub async fn visible<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    scope: &Scope,
    id_or_number: &str,
) -> AppResult<Option<Ticket>> {
    let row = sqlx::query(
        "SELECT data FROM tickets WHERE (id = $1 OR number = $1) AND \
         ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3))",
    )
    .bind(id_or_number)
    .bind(i64::from(scope.all_stores))
    .bind(&scope.agent_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Filters of the ticket list.
#[derive(Debug, Default, Clone)]
pub struct TicketFilter {
    pub status: Option<TicketStatus>,
    pub kind: Option<TicketKind>,
}

/// One page of the caller's tickets after the cursor id, in id order.
pub async fn visible_page(
    pool: &AnyPool,
    scope: &Scope,
    filter: &TicketFilter,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<Ticket>> {
    let rows = sqlx::query(
        "SELECT data FROM tickets WHERE id > $1 AND \
         ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3)) \
         AND ($4 IS NULL OR status = $4) AND ($5 IS NULL OR kind = $5) ORDER BY id LIMIT $6",
    )
    .bind(after_id)
    .bind(i64::from(scope.all_stores))
    .bind(&scope.agent_id)
    .bind(filter.status.as_ref().map(enum_to_text))
    .bind(filter.kind.as_ref().map(enum_to_text))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Open tickets whose reminder or deadline has come and not been told yet.
pub async fn sla_due<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    now: i64,
) -> AppResult<Vec<Ticket>> {
    let rows = sqlx::query(
        "SELECT data FROM tickets WHERE status = 'open' AND \
         ((reminded_at IS NULL AND remind_at <= $1) OR (breached_at IS NULL AND due_at <= $1)) \
         ORDER BY due_at",
    )
    .bind(now)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Shipped orders with a tracking number and no exception recorded yet.
pub async fn shipments_to_check(conn: &mut AnyConnection) -> AppResult<Vec<String>> {
    let rows = sqlx::query(
        "SELECT o.id FROM orders o LEFT JOIN shipments s ON s.order_id = o.id \
         WHERE o.status = 'shipped' AND o.tracking_no IS NOT NULL AND s.exception IS NULL \
         ORDER BY o.id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| Ok(r.try_get::<String, _>("id")?))
        .collect()
}

/// Records what the carrier said about an order's parcel.
pub async fn record_shipment(
    conn: &mut AnyConnection,
    order_id: &str,
    exception: Option<&str>,
    ticket_id: Option<&str>,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO shipments (order_id, exception, ticket_id, checked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (order_id) DO UPDATE SET exception = excluded.exception, \
         ticket_id = excluded.ticket_id, checked_at = excluded.checked_at",
    )
    .bind(order_id)
    .bind(exception)
    .bind(ticket_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The exception already recorded for an order's parcel, if any.
pub async fn shipment_exception(
    conn: &mut AnyConnection,
    order_id: &str,
) -> AppResult<Option<String>> {
    Ok(
        sqlx::query("SELECT exception FROM shipments WHERE order_id = $1")
            .bind(order_id)
            .fetch_optional(conn)
            .await?
            .map(|r| r.try_get::<Option<String>, _>("exception"))
            .transpose()?
            .flatten(),
    )
}
