//! Privacy requests (CUST-6): reading everything about a customer, and
//! erasing their personal data from every table that holds it — the
//! event log included, whose entries about them are redacted in place so
//! the sequence desks sync by keeps no holes.

use fiido_protocol::events::EventData;
use fiido_protocol::model::{Conversation, Customer};
use fiido_protocol::privacy::{
    AuditEntry, ChannelAddress, ConversationExport, EraseMode, EraseReport, RatingExport,
    ERASED_NAME,
};
use sqlx::{AnyConnection, AnyPool, Row};

use super::WriteTx;
use crate::error::AppResult;

/// The customer's conversations, oldest first.
async fn conversations_of(
    conn: &mut AnyConnection,
    customer_id: &str,
) -> AppResult<Vec<Conversation>> {
    let rows =
        sqlx::query("SELECT * FROM conversations WHERE customer_id = $1 ORDER BY created_at, id")
            .bind(customer_id)
            .fetch_all(conn)
            .await?;
    rows.iter().map(super::conversations::from_row).collect()
}

/// The pieces of an export besides the customer row.
pub struct ExportParts {
    pub addresses: Vec<ChannelAddress>,
    pub conversations: Vec<ConversationExport>,
    pub orders: Vec<fiido_protocol::model::Order>,
    pub tickets: Vec<fiido_protocol::tickets::Ticket>,
    pub ratings: Vec<RatingExport>,
}

/// Everything kept about a customer.
pub async fn export(pool: &AnyPool, customer: &Customer) -> AppResult<ExportParts> {
    let mut conn = pool.acquire().await?;
    let mut conversations = Vec::new();
    for conversation in conversations_of(&mut conn, &customer.id).await? {
        let rows = sqlx::query(
            "SELECT * FROM messages WHERE conversation_id = $1 ORDER BY created_at, id",
        )
        .bind(&conversation.id)
        .fetch_all(&mut *conn)
        .await?;
        let messages = rows
            .iter()
            .map(super::messages::from_row)
            .collect::<AppResult<_>>()?;
        conversations.push(ConversationExport {
            conversation,
            messages,
        });
    }
    let addresses = sqlx::query("SELECT channel, address FROM channel_identities WHERE customer_id = $1 ORDER BY channel, address")
        .bind(&customer.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ChannelAddress {
                channel: r.try_get("channel")?,
                address: r.try_get("address")?,
            })
        })
        .collect::<AppResult<_>>()?;
    let orders = sqlx::query("SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at, id")
        .bind(&customer.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(super::catalogue::order_from_row)
        .collect::<AppResult<_>>()?;
    let tickets = tickets_of(&mut conn, &customer.id).await?;
    let ratings = sqlx::query(
        "SELECT conversation_id, rated_at, score, comment FROM conversation_cycles \
         WHERE customer_id = $1 AND rated_at IS NOT NULL ORDER BY rated_at",
    )
    .bind(&customer.id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(RatingExport {
            conversation_id: r.try_get("conversation_id")?,
            at: r.try_get("rated_at")?,
            score: r.try_get("score")?,
            comment: r.try_get("comment")?,
        })
    })
    .collect::<AppResult<_>>()?;
    Ok(ExportParts {
        addresses,
        conversations,
        orders,
        tickets,
        ratings,
    })
}

async fn tickets_of(
    conn: &mut AnyConnection,
    customer_id: &str,
) -> AppResult<Vec<fiido_protocol::tickets::Ticket>> {
    sqlx::query(
        "SELECT data FROM tickets WHERE customer_id = $1 OR data LIKE $2 ORDER BY created_at, id",
    )
    .bind(customer_id)
    .bind(format!("%{customer_id}%"))
    .fetch_all(conn)
    .await?
    .iter()
    .map(super::tickets::from_row)
    .collect()
}

/// Erases the customer's personal data in one transaction: messages and
/// files, names, addresses, notes, ratings' comments, sessions, channel
/// addresses, stored idempotent responses and the event log's copies.
/// Appends `customer_erased` and the anonymised customer, orders and
/// tickets, so every desk follows.
pub async fn erase(
    w: &mut WriteTx,
    customer: &Customer,
    mode: EraseMode,
) -> AppResult<EraseReport> {
    let conversations = conversations_of(w.conn(), &customer.id).await?;
    let ids: Vec<String> = conversations.iter().map(|c| c.id.clone()).collect();
    let mut messages = 0i64;
    for id in &ids {
        sqlx::query(
            "DELETE FROM attachments WHERE id IN (SELECT attachment_id FROM messages \
             WHERE conversation_id = $1 AND attachment_id IS NOT NULL)",
        )
        .bind(id)
        .execute(w.conn())
        .await?;
        let done = match mode {
            EraseMode::Delete => sqlx::query("DELETE FROM messages WHERE conversation_id = $1")
                .bind(id)
                .execute(w.conn())
                .await?,
            EraseMode::Anonymise => sqlx::query(
                "UPDATE messages SET body = '', attachment = NULL, attachment_id = NULL, card = NULL, \
                 client_id = NULL, author_name = CASE WHEN author = 'customer' THEN $2 ELSE author_name END \
                 WHERE conversation_id = $1",
            )
            .bind(id)
            .bind(ERASED_NAME)
            .execute(w.conn())
            .await?,
        };
        messages += done.rows_affected() as i64;
        for sql in [
            "DELETE FROM email_message_ids WHERE conversation_id = $1",
            "DELETE FROM email_threads WHERE conversation_id = $1",
            "DELETE FROM channel_outbox WHERE conversation_id = $1",
            "DELETE FROM auto_reply_log WHERE conversation_id = $1",
            "DELETE FROM idempotency_keys WHERE response LIKE '%' || $1 || '%'",
        ] {
            sqlx::query(sql).bind(id).execute(w.conn()).await?;
        }
        redact_events(
            w,
            "conversation_id = $1 OR payload LIKE '%' || $1 || '%'",
            id,
        )
        .await?;
    }
    sqlx::query(
        "UPDATE conversation_cycles SET question = NULL, comment = NULL WHERE customer_id = $1",
    )
    .bind(&customer.id)
    .execute(w.conn())
    .await?;
    match mode {
        EraseMode::Delete => {
            sqlx::query("DELETE FROM conversations WHERE customer_id = $1")
                .bind(&customer.id)
                .execute(w.conn())
                .await?;
        }
        EraseMode::Anonymise => {
            sqlx::query(
                "UPDATE conversations SET last_body = CASE WHEN last_body IS NULL THEN NULL ELSE '' END, \
                 tags = '[]', order_number = NULL WHERE customer_id = $1",
            )
            .bind(&customer.id)
            .execute(w.conn())
            .await?;
        }
    }
    for sql in [
        "DELETE FROM customer_sessions WHERE customer_id = $1",
        "DELETE FROM channel_identities WHERE customer_id = $1",
        "DELETE FROM idempotency_keys WHERE principal = 'customer:' || $1 OR response LIKE '%' || $1 || '%'",
    ] {
        sqlx::query(sql).bind(&customer.id).execute(w.conn()).await?;
    }
    redact_events(w, "payload LIKE '%' || $1 || '%'", &customer.id).await?;

    let anonymous = Customer {
        nickname: ERASED_NAME.to_owned(),
        email: None,
        avatar_url: None,
        tags: Vec::new(),
        country: None,
        city: None,
        timezone: None,
        device: None,
        language: None,
        blocked: false,
        behaviour: None,
        ..customer.clone()
    };
    sqlx::query(
        "UPDATE customers SET nickname = $2, email = NULL, avatar_url = NULL, tags = '[]', country = NULL, \
         city = NULL, timezone = NULL, device = NULL, language = NULL, blocked = 0, behaviour = NULL, cart_at = NULL WHERE id = $1",
    )
    .bind(&customer.id)
    .bind(ERASED_NAME)
    .execute(w.conn())
    .await?;

    let store = customer.store_id.clone();
    w.append(
        Some(&store),
        None,
        None,
        EventData::CustomerErased {
            customer_id: customer.id.clone(),
            conversation_ids: ids.clone(),
        },
    )
    .await?;
    w.append(
        Some(&store),
        None,
        None,
        EventData::CustomerUpserted {
            customer: anonymous,
        },
    )
    .await?;

    let rows = sqlx::query("SELECT * FROM orders WHERE customer_id = $1")
        .bind(&customer.id)
        .fetch_all(w.conn())
        .await?;
    let mut orders = 0i64;
    for row in &rows {
        let mut order = super::catalogue::order_from_row(row)?;
        order.shipping_address = String::new();
        order.note = String::new();
        for step in &mut order.timeline {
            step.by = None;
        }
        if let Some(refund) = &mut order.refund {
            refund.reason = String::new();
            refund.decision_note = None;
        }
        super::catalogue::save_order(w.conn(), &order).await?;
        w.append(Some(&store), None, None, EventData::OrderUpserted { order })
            .await?;
        orders += 1;
    }
    let mut tickets = 0i64;
    for mut ticket in tickets_of(w.conn(), &customer.id).await? {
        ticket.title = format!("{} · {}", ticket.number, ERASED_NAME);
        ticket.description = String::new();
        if mode == EraseMode::Delete {
            ticket.conversation_id = None;
        }
        super::tickets::save(w.conn(), &ticket).await?;
        w.append(
            Some(&store),
            None,
            None,
            EventData::TicketUpserted { ticket },
        )
        .await?;
        tickets += 1;
    }
    if mode == EraseMode::Anonymise {
        for mut conversation in conversations {
            if let Some(preview) = &mut conversation.last_message {
                preview.body = String::new();
            }
            conversation.tags.clear();
            conversation.order_number = None;
            let (s, c) = (conversation.store_id.clone(), conversation.id.clone());
            w.append(
                Some(&s),
                Some(&c),
                None,
                EventData::ConversationUpserted { conversation },
            )
            .await?;
        }
    }
    Ok(EraseReport {
        customer_id: customer.id.clone(),
        mode,
        conversations: ids.len() as i64,
        messages,
        orders,
        tickets,
    })
}

/// Replaces the matching events' content with `redacted`.
async fn redact_events(w: &mut WriteTx, filter: &str, value: &str) -> AppResult<()> {
    let payload = serde_json::to_string(&EventData::Redacted {})?;
    let sql = format!(
        "UPDATE events SET kind = 'redacted', payload = $2, client_id = NULL, conversation_id = NULL \
         WHERE kind <> 'redacted' AND ({filter})"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .bind(payload)
        .execute(w.conn())
        .await?;
    Ok(())
}

/// Records who exported or erased whose data.
pub async fn audit(
    w: &mut WriteTx,
    actor_id: &str,
    action: &str,
    subject_id: &str,
    detail: &str,
) -> AppResult<()> {
    let now = w.now;
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, action, subject_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::chat::new_id())
    .bind(now)
    .bind(actor_id)
    .bind(action)
    .bind(subject_id)
    .bind(detail)
    .execute(w.conn())
    .await?;
    Ok(())
}

/// The audit log, newest first.
pub async fn audit_log(pool: &AnyPool, limit: i64) -> AppResult<Vec<AuditEntry>> {
    sqlx::query(
        "SELECT l.id, l.at, l.actor_id, COALESCE(a.name, l.actor_id) AS actor_name, l.action, l.subject_id, l.detail \
         FROM audit_log l LEFT JOIN agents a ON a.id = l.actor_id ORDER BY l.at DESC, l.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(AuditEntry {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            actor_id: r.try_get("actor_id")?,
            actor_name: r.try_get("actor_name")?,
            action: r.try_get("action")?,
            subject_id: r.try_get("subject_id")?,
            detail: r.try_get("detail")?,
        })
    })
    .collect()
}
