//! Channel bookkeeping (PLAT-5): who a customer is on each channel, e-mail
//! threads, and the replies waiting to leave by e-mail or webhook.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::error::AppResult;

/// The customer behind an address on a channel (`email`, `whatsapp`…).
pub async fn identity(
    conn: &mut AnyConnection,
    store_id: &str,
    channel: &str,
    address: &str,
) -> AppResult<Option<String>> {
    Ok(sqlx::query(
        "SELECT customer_id FROM channel_identities WHERE store_id = $1 AND channel = $2 AND address = $3",
    )
    .bind(store_id)
    .bind(channel)
    .bind(address)
    .fetch_optional(conn)
    .await?
    .map(|r| r.try_get::<String, _>("customer_id"))
    .transpose()?)
}

/// Remembers that `address` on `channel` is this customer.
pub async fn add_identity(
    conn: &mut AnyConnection,
    store_id: &str,
    channel: &str,
    address: &str,
    customer_id: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO channel_identities (store_id, channel, address, customer_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (store_id, channel, address) DO NOTHING",
    )
    .bind(store_id)
    .bind(channel)
    .bind(address)
    .bind(customer_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The conversation the first known Message-ID among `ids` belongs to.
pub async fn thread_of(conn: &mut AnyConnection, ids: &[String]) -> AppResult<Option<String>> {
    for id in ids {
        let found =
            sqlx::query("SELECT conversation_id FROM email_message_ids WHERE message_id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(row) = found {
            return Ok(Some(row.try_get("conversation_id")?));
        }
    }
    Ok(None)
}

/// Records a Message-ID seen or sent in an e-mail conversation, and makes
/// it the one the next reply answers.
pub async fn remember_email(
    conn: &mut AnyConnection,
    conversation_id: &str,
    message_id: &str,
    subject: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO email_message_ids (message_id, conversation_id) VALUES ($1, $2) \
         ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message_id)
    .bind(conversation_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO email_threads (conversation_id, subject, last_message_id) VALUES ($1, $2, $3) \
         ON CONFLICT (conversation_id) DO UPDATE SET last_message_id = excluded.last_message_id",
    )
    .bind(conversation_id)
    .bind(subject)
    .bind(message_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// An e-mail conversation's thread: its subject, the Message-ID a reply
/// answers, and every Message-ID of it in order (for `References`).
pub struct EmailThread {
    pub subject: String,
    pub last_message_id: String,
    pub references: Vec<String>,
}

/// The thread of an e-mail conversation, if it is one.
pub async fn email_thread(pool: &AnyPool, conversation_id: &str) -> AppResult<Option<EmailThread>> {
    let Some(row) = sqlx::query(
        "SELECT subject, last_message_id FROM email_threads WHERE conversation_id = $1",
    )
    .bind(conversation_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let references = sqlx::query(
        "SELECT message_id FROM email_message_ids WHERE conversation_id = $1 ORDER BY message_id",
    )
    .bind(conversation_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>("message_id"))
    .collect::<Result<_, _>>()?;
    Ok(Some(EmailThread {
        subject: row.try_get("subject")?,
        last_message_id: row.try_get("last_message_id")?,
        references,
    }))
}

/// Queues an agent's reply to leave by its conversation's channel.
pub async fn enqueue(
    conn: &mut AnyConnection,
    message_id: &str,
    conversation_id: &str,
    channel: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO channel_outbox (message_id, conversation_id, channel, attempts, next_attempt_at) \
         VALUES ($1, $2, $3, 0, $4) ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message_id)
    .bind(conversation_id)
    .bind(channel)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A reply due to leave.
pub struct Outgoing {
    pub message_id: String,
    pub conversation_id: String,
    pub channel: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
}

/// Replies whose time has come, oldest first.
pub async fn due(pool: &AnyPool, now: i64, limit: i64) -> AppResult<Vec<Outgoing>> {
    let rows = sqlx::query(
        "SELECT message_id, conversation_id, channel, attempts, next_attempt_at FROM channel_outbox \
         WHERE delivered_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Outgoing {
                message_id: r.try_get("message_id")?,
                conversation_id: r.try_get("conversation_id")?,
                channel: r.try_get("channel")?,
                attempts: r.try_get("attempts")?,
                next_attempt_at: r.try_get("next_attempt_at")?,
            })
        })
        .collect()
}

/// Takes a due reply for this instance: pushes its next attempt to
/// `lease_until` unless another instance did first. True when taken.
pub async fn claim(conn: &mut AnyConnection, out: &Outgoing, lease_until: i64) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE channel_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
         WHERE message_id = $2 AND next_attempt_at = $3 AND delivered_at IS NULL",
    )
    .bind(lease_until)
    .bind(&out.message_id)
    .bind(out.next_attempt_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The reply left.
pub async fn delivered(conn: &mut AnyConnection, message_id: &str, now: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE channel_outbox SET delivered_at = $1, last_error = NULL WHERE message_id = $2",
    )
    .bind(now)
    .bind(message_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The reply could not leave; it is tried again at `retry_at`.
pub async fn failed(
    conn: &mut AnyConnection,
    message_id: &str,
    retry_at: i64,
    error: &str,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE channel_outbox SET next_attempt_at = $1, last_error = $2 WHERE message_id = $3",
    )
    .bind(retry_at)
    .bind(error)
    .bind(message_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The social platform and sender id a customer wrote from, for replies.
pub async fn social_identity(
    pool: &AnyPool,
    customer_id: &str,
) -> AppResult<Option<(String, String)>> {
    let row = sqlx::query(
        "SELECT channel, address FROM channel_identities WHERE customer_id = $1 AND channel <> 'email' LIMIT 1",
    )
    .bind(customer_id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((r.try_get("channel")?, r.try_get("address")?)))
        .transpose()
}
