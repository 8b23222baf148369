//! Conversations (CONV-2, CONV-3).

use fiido_protocol::model::{
    Conversation, ConversationChannel, ConversationStatus, MessagePreview,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{enum_to_text, from_json_text, text_to_enum, to_json_text};
use super::Scope;
use crate::error::AppResult;

/// Maps a conversations row (all columns).
pub fn from_row(row: &AnyRow) -> AppResult<Conversation> {
    let last_author: Option<String> = row.try_get("last_author")?;
    let last_message = match last_author {
        Some(author) => Some(MessagePreview {
            author: text_to_enum(&author)?,
            body: row
                .try_get::<Option<String>, _>("last_body")?
                .unwrap_or_default(),
            at: row
                .try_get::<Option<i64>, _>("last_at")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Conversation {
        id: row.try_get("id")?,
        store_id: row.try_get("store_id")?,
        customer_id: row.try_get("customer_id")?,
        status: text_to_enum(&row.try_get::<String, _>("status")?)?,
        assignee_id: row.try_get("assignee_id")?,
        channel: text_to_enum(&row.try_get::<String, _>("channel")?)?,
        tags: from_json_text(&row.try_get::<String, _>("tags")?)?,
        pinned: row.try_get::<i64, _>("pinned")? != 0,
        starred: row.try_get::<i64, _>("starred")? != 0,
        last_message,
        waiting_since: row.try_get("waiting_since")?,
        unread_count: row.try_get("unread_count")?,
        order_number: row.try_get("order_number")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        snoozed_until: row.try_get("snoozed_until")?,
    })
}

/// Writes a conversation, inserting it or replacing every column; closing
/// it ends its open request (the statistics' unit).
pub async fn upsert(conn: &mut AnyConnection, c: &Conversation) -> AppResult<()> {
    super::cycles::conversation_saved(conn, c).await?;
    let (last_author, last_body, last_at) = match &c.last_message {
        Some(p) => (
            Some(enum_to_text(&p.author)),
            Some(p.body.clone()),
            Some(p.at),
        ),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO conversations (id, store_id, customer_id, status, assignee_id, channel, tags, pinned, \
         starred, last_author, last_body, last_at, waiting_since, unread_count, order_number, created_at, updated_at, snoozed_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, assignee_id = excluded.assignee_id, \
         channel = excluded.channel, tags = excluded.tags, pinned = excluded.pinned, starred = excluded.starred, \
         last_author = excluded.last_author, last_body = excluded.last_body, last_at = excluded.last_at, \
         waiting_since = excluded.waiting_since, unread_count = excluded.unread_count, \
         order_number = excluded.order_number, updated_at = excluded.updated_at, snoozed_until = excluded.snoozed_until",
    )
    .bind(&c.id)
    .bind(&c.store_id)
    .bind(&c.customer_id)
    .bind(c.status.as_str())
    .bind(&c.assignee_id)
    .bind(enum_to_text(&c.channel))
    .bind(to_json_text(&c.tags)?)
    .bind(i64::from(c.pinned))
    .bind(i64::from(c.starred))
    .bind(last_author)
    .bind(last_body)
    .bind(last_at)
    .bind(c.waiting_since)
    .bind(c.unread_count)
    .bind(&c.order_number)
    .bind(c.created_at)
    .bind(c.updated_at)
    .bind(c.snoozed_until)
    .execute(conn)
    .await?;
    Ok(())
}

/// A conversation by id inside a write transaction.
pub async fn by_id_in(conn: &mut AnyConnection, id: &str) -> AppResult<Option<Conversation>> {
    let row = sqlx::query("SELECT * FROM conversations WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// A conversation by id, whoever asks (the widget's own conversation).
pub async fn by_id(pool: &AnyPool, id: &str) -> AppResult<Option<Conversation>> {
    let row = sqlx::query("SELECT * FROM conversations WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// A conversation by id, when the caller may see its store.
pub async fn visible_by_id(
    pool: &AnyPool,
    scope: &Scope,
    id: &str,
) -> AppResult<Option<Conversation>> {
    let row = sqlx::query(
        "SELECT * FROM conversations WHERE id = $1 AND \
         ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3))",
    )
    .bind(id)
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Filters of the conversation list.
#[derive(Debug, Default, Clone)]
pub struct ListFilter {
    pub status: Option<ConversationStatus>,
    pub store_id: Option<String>,
    pub customer_id: Option<String>,
    pub channel: Option<ConversationChannel>,
}

/// One page of visible conversations after the cursor id.
pub async fn visible_page(
    pool: &AnyPool,
    scope: &Scope,
    filter: &ListFilter,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<Conversation>> {
    let rows = sqlx::query(
        "SELECT * FROM conversations WHERE id > $1 AND \
         ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3)) \
         AND ($4 IS NULL OR status = $4) AND ($5 IS NULL OR store_id = $5) \
         AND ($6 IS NULL OR customer_id = $6) AND ($8 IS NULL OR channel = $8) ORDER BY id LIMIT $7",
    )
    .bind(after_id)
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .bind(filter.status.map(ConversationStatus::as_str))
    .bind(filter.store_id.as_deref())
    .bind(filter.customer_id.as_deref())
    .bind(limit)
    .bind(filter.channel.as_ref().map(enum_to_text))
    .fetch_all(pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The customer's most recent conversation, to link a ticket about them.
pub async fn latest_of_customer(
    conn: &mut AnyConnection,
    customer_id: &str,
) -> AppResult<Option<String>> {
    Ok(sqlx::query(
        "SELECT id FROM conversations WHERE customer_id = $1 ORDER BY updated_at DESC, id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(conn)
    .await?
    .map(|r| r.try_get::<String, _>("id"))
    .transpose()?)
}

/// The customer's newest conversation on a channel that is not closed: a
/// new e-mail or social message from them continues it.
pub async fn open_of_customer(
    conn: &mut AnyConnection,
    customer_id: &str,
    channel: ConversationChannel,
) -> AppResult<Option<Conversation>> {
    let row = sqlx::query(
        "SELECT * FROM conversations WHERE customer_id = $1 AND channel = $2 AND status <> 'closed' \
         ORDER BY updated_at DESC, id DESC LIMIT 1",
    )
    .bind(customer_id)
    .bind(enum_to_text(&channel))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}
