//! Messages of conversations.

use fiido_protocol::cards::{is_card_text, Card};
use fiido_protocol::model::{Author, Message};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{enum_to_text, from_json_text, text_to_enum, to_json_text};
use crate::error::AppResult;

/// Maps a messages row (all columns).
pub fn from_row(row: &AnyRow) -> AppResult<Message> {
    let body: String = row.try_get("body")?;
    let card: Option<Card> = row
        .try_get::<Option<String>, _>("card")?
        .map(|json| from_json_text(&json))
        .transpose()?;
    Ok(Message {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        author: text_to_enum(&row.try_get::<String, _>("author")?)?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        body_is_card_text: is_card_text(card.as_ref(), &body),
        body,
        client_id: row.try_get("client_id")?,
        state: text_to_enum(&row.try_get::<String, _>("state")?)?,
        created_at: row.try_get("created_at")?,
        attachment: row
            .try_get::<Option<String>, _>("attachment")?
            .map(|json| from_json_text(&json))
            .transpose()?,
        card,
    })
}

/// Inserts a message.
pub async fn insert(conn: &mut AnyConnection, m: &Message) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, author, author_id, author_name, body, client_id, state, \
         created_at, attachment, attachment_id, card) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&m.id)
    .bind(&m.conversation_id)
    .bind(m.author.as_str())
    .bind(&m.author_id)
    .bind(&m.author_name)
    .bind(&m.body)
    .bind(&m.client_id)
    .bind(enum_to_text(&m.state))
    .bind(m.created_at)
    .bind(m.attachment.as_ref().map(to_json_text).transpose()?)
    .bind(m.attachment.as_ref().map(|a| a.id.as_str()))
    .bind(m.card.as_ref().map(to_json_text).transpose()?)
    .execute(conn)
    .await?;
    Ok(())
}

/// The message an author already sent with this client id, if any.
pub async fn by_client_id(
    conn: &mut AnyConnection,
    conversation_id: &str,
    author: Author,
    client_id: &str,
) -> AppResult<Option<Message>> {
    let row = sqlx::query(
        "SELECT * FROM messages WHERE conversation_id = $1 AND author = $2 AND client_id = $3",
    )
    .bind(conversation_id)
    .bind(author.as_str())
    .bind(client_id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Who reads a conversation's messages: the team sees internal notes, the
/// customer never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Team,
    Customer,
}

/// Up to `limit` messages of a conversation older than `before` (Unix ms,
/// exclusive), returned oldest first; notes only for the team.
pub async fn page_before(
    pool: &AnyPool,
    conversation_id: &str,
    reader: Reader,
    before: Option<i64>,
    limit: i64,
) -> AppResult<Vec<Message>> {
    let rows = sqlx::query(
        "SELECT * FROM messages WHERE conversation_id = $1 AND ($2 IS NULL OR created_at < $2) \
         AND ($4 = 1 OR author <> 'note') ORDER BY created_at DESC, id DESC LIMIT $3",
    )
    .bind(conversation_id)
    .bind(before)
    .bind(limit)
    .bind(i64::from(reader == Reader::Team))
    .fetch_all(pool)
    .await?;
    let mut out = rows.iter().map(from_row).collect::<AppResult<Vec<_>>>()?;
    out.reverse();
    Ok(out)
}

/// The store's replies (agent and bot messages) of a conversation that the
/// customer has not read yet, oldest first.
pub async fn unread_replies(
    conn: &mut AnyConnection,
    conversation_id: &str,
) -> AppResult<Vec<Message>> {
    let rows = sqlx::query(
        "SELECT * FROM messages WHERE conversation_id = $1 AND author IN ('agent', 'bot') AND state NOT IN ('read', 'recalled') \
         ORDER BY created_at, id",
    )
    .bind(conversation_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Sets a message's delivery state.
pub async fn set_state(
    conn: &mut AnyConnection,
    id: &str,
    state: fiido_protocol::model::DeliveryState,
) -> AppResult<()> {
    sqlx::query("UPDATE messages SET state = $1 WHERE id = $2")
        .bind(enum_to_text(&state))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A message by id.
pub async fn by_id(conn: &mut AnyConnection, id: &str) -> AppResult<Option<Message>> {
    let row = sqlx::query("SELECT * FROM messages WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Erases a recalled message's text and marks it recalled.
pub async fn recall(conn: &mut AnyConnection, id: &str) -> AppResult<()> {
    sqlx::query("UPDATE messages SET body = '', state = 'recalled' WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
