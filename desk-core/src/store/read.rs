//! What the UI reads: list pages, filter counts, one conversation in full.

use fiido_protocol::model::{Author, Conversation, Customer, Order};
use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::error::{storage, DeskResult};
use crate::views::{
    ConversationCard, ConversationDetail, ConversationFilter, ConversationPage, FilterCounts,
    FilterKey, LocalMessage, LocalState, TagCount,
};

/// How many of the newest messages opening a conversation shows.
pub const OPEN_MESSAGES: i64 = 50;

fn filter_key(key: FilterKey) -> &'static str {
    match key {
        FilterKey::All => "all",
        FilterKey::Waiting => "waiting",
        FilterKey::Active => "active",
        FilterKey::Snoozed => "snoozed",
        FilterKey::Closed => "closed",
        FilterKey::Starred => "starred",
    }
}

/// The WHERE clause, ORDER BY and parameters of a filter, written per tab
/// so that each one walks its own index.
fn filter_sql(filter: &ConversationFilter) -> (String, &'static str, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    match filter.key {
        FilterKey::All => {}
        FilterKey::Starred => clauses.push("c.starred = 1".into()),
        FilterKey::Waiting | FilterKey::Active | FilterKey::Snoozed | FilterKey::Closed => {
            values.push(Value::Text(filter_key(filter.key).into()));
            clauses.push(format!("c.status = ?{}", values.len()));
        }
    }
    if let Some(tag) = &filter.tag {
        values.push(Value::Text(tag.clone()));
        clauses.push(format!(
            "EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = ?{})",
            values.len()
        ));
    }
    if let Some(store) = &filter.store_id {
        values.push(Value::Text(store.clone()));
        clauses.push(format!("c.store_id = ?{}", values.len()));
    }
    if let Some(channel) = filter.channel {
        values.push(Value::Text(channel.as_str().into()));
        clauses.push(format!("c.channel = ?{}", values.len()));
    }
    let order = if filter.key == FilterKey::Waiting {
        "c.pinned DESC, c.waiting_since ASC, c.sort_at DESC"
    } else {
        "c.pinned DESC, c.sort_at DESC"
    };
    let clause = if clauses.is_empty() {
        "1".to_owned()
    } else {
        clauses.join(" AND ")
    };
    (clause, order, values)
}

fn card_from_row(row: &Row) -> rusqlite::Result<ConversationCard> {
    let json: String = row.get(0)?;
    let conversation: Conversation = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let customer_name: Option<String> = row.get(1)?;
    let vip_level: Option<i64> = row.get(2)?;
    Ok(card(conversation, customer_name, vip_level))
}

fn card(
    c: Conversation,
    customer_name: Option<String>,
    vip_level: Option<i64>,
) -> ConversationCard {
    let (last_author, last_body, last_at) = match c.last_message {
        Some(m) => (Some(m.author), Some(m.body), Some(m.at)),
        None => (None, None, None),
    };
    ConversationCard {
        id: c.id,
        store_id: c.store_id,
        customer_id: c.customer_id,
        customer_name: customer_name.unwrap_or_else(|| "Unknown customer".to_owned()),
        vip_level: vip_level.unwrap_or(0),
        status: c.status,
        channel: c.channel,
        tags: c.tags,
        order_number: c.order_number,
        last_author,
        last_body,
        last_at,
        waiting_since: c.waiting_since,
        unread_count: c.unread_count,
        pinned: c.pinned,
        assignee_id: c.assignee_id,
        snoozed_until: c.snoozed_until,
        starred: c.starred,
        overdue: false,
    }
}

/// The stores' overdue thresholds (AUTO-2), in ms.
fn thresholds(conn: &rusqlite::Connection) -> DeskResult<std::collections::HashMap<String, i64>> {
    let mut statement = conn
        .prepare_cached("SELECT json FROM stores")
        .map_err(storage)?;
    let rows = statement
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(storage)?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        if let Ok(store) =
            serde_json::from_str::<fiido_protocol::model::Store>(&row.map_err(storage)?)
        {
            out.insert(store.id, store.overdue_after_secs * 1000);
        }
    }
    Ok(out)
}

/// The threshold when a store sets none.
pub const DEFAULT_OVERDUE_MS: i64 = 30_000;

/// Marks the cards waiting longer than their store's threshold at `now`.
fn mark_overdue(
    conn: &rusqlite::Connection,
    cards: &mut [ConversationCard],
    now: i64,
) -> DeskResult<()> {
    if !cards.iter().any(|c| c.waiting_since.is_some()) {
        return Ok(());
    }
    let thresholds = thresholds(conn)?;
    for card in cards {
        let limit = thresholds
            .get(&card.store_id)
            .copied()
            .unwrap_or(DEFAULT_OVERDUE_MS);
        card.overdue = card.status == fiido_protocol::model::ConversationStatus::Waiting
            && card.waiting_since.is_some_and(|since| now - since >= limit);
    }
    Ok(())
}

fn author(s: &str) -> Author {
    match s {
        "customer" => Author::Customer,
        "bot" => Author::Bot,
        "system" => Author::System,
        "note" => Author::Note,
        _ => Author::Agent,
    }
}

/// Maps a messages row selected as `id, client_id, conversation_id, author,
/// author_name, body, created_at, state, error, attachment, card`.
pub(super) fn message_from_row(row: &Row) -> rusqlite::Result<LocalMessage> {
    let body: String = row.get(5)?;
    let card: Option<fiido_protocol::cards::Card> = row
        .get::<_, Option<String>>(10)?
        .and_then(|json| serde_json::from_str(&json).ok());
    Ok(LocalMessage {
        id: row.get(0)?,
        client_id: row.get(1)?,
        conversation_id: row.get(2)?,
        author: author(&row.get::<_, String>(3)?),
        author_name: row.get(4)?,
        body_is_card_text: fiido_protocol::cards::is_card_text(card.as_ref(), &body),
        body,
        created_at: row.get(6)?,
        state: LocalState::parse(&row.get::<_, String>(7)?),
        error: row.get(8)?,
        attachment: row
            .get::<_, Option<String>>(9)?
            .and_then(|json| serde_json::from_str(&json).ok()),
        card,
    })
}

/// The columns [`message_from_row`] reads.
pub(super) const MESSAGE_COLUMNS: &str =
    "id, client_id, conversation_id, author, author_name, body, created_at, state, error, attachment, card";

impl Store {
    /// One page of the filtered list: pinned first, then the longest waiting
    /// (on the waiting tab) or the newest activity. The page is chosen on the
    /// index alone, so a deep offset costs an index walk, not row reads.
    pub fn list_conversations(
        &self,
        filter: &ConversationFilter,
        offset: i64,
        limit: i64,
    ) -> DeskResult<ConversationPage> {
        let conn = self.conn();
        let (clause, order, mut values) = filter_sql(filter);
        let total: i64 = conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM conversations c WHERE {clause}"
            ))
            .and_then(|mut s| s.query_row(rusqlite::params_from_iter(values.iter()), |r| r.get(0)))
            .map_err(storage)?;
        let n = values.len();
        values.push(limit.into());
        values.push(offset.into());
        let sql = format!(
            "SELECT c.json, cu.nickname, cu.vip_level FROM conversations c \
             LEFT JOIN customers cu ON cu.id = c.customer_id \
             WHERE c.rowid IN (SELECT c.rowid FROM conversations c WHERE {clause} ORDER BY {order} LIMIT ?{} OFFSET ?{}) \
             ORDER BY {order}",
            n + 1,
            n + 2
        );
        let mut statement = conn.prepare_cached(&sql).map_err(storage)?;
        let mut items = statement
            .query_map(rusqlite::params_from_iter(values.iter()), card_from_row)
            .map_err(storage)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(storage)?;
        mark_overdue(&conn, &mut items, crate::clock::now_ms())?;
        Ok(ConversationPage { items, total })
    }

    /// Every tag in use with how many conversations carry it, most used first.
    pub fn tag_counts(&self) -> DeskResult<Vec<TagCount>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached(
                "SELECT tag, COUNT(*) FROM conversation_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag",
            )
            .map_err(storage)?;
        let rows = statement
            .query_map([], |r| {
                Ok(TagCount {
                    tag: r.get(0)?,
                    count: r.get(1)?,
                })
            })
            .map_err(storage)?;
        rows.collect::<rusqlite::Result<_>>().map_err(storage)
    }

    /// The counts on the filter tabs.
    pub fn filter_counts(&self) -> DeskResult<FilterCounts> {
        self.conn()
            .query_row(
                "SELECT COUNT(*), \
                   COALESCE(SUM(status = 'waiting'), 0), COALESCE(SUM(status = 'active'), 0), \
                   COALESCE(SUM(status = 'snoozed'), 0), COALESCE(SUM(status = 'closed'), 0), \
                   COALESCE(SUM(starred), 0) FROM conversations",
                [],
                |r| {
                    Ok(FilterCounts {
                        all: r.get(0)?,
                        waiting: r.get(1)?,
                        active: r.get(2)?,
                        snoozed: r.get(3)?,
                        closed: r.get(4)?,
                        starred: r.get(5)?,
                    })
                },
            )
            .map_err(storage)
    }

    /// A conversation with its newest messages, customer, orders and draft.
    pub fn conversation_detail(&self, id: &str) -> DeskResult<Option<ConversationDetail>> {
        let conn = self.conn();
        let row = conn
            .prepare_cached(
                "SELECT c.json, cu.nickname, cu.vip_level, cu.json FROM conversations c \
                 LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row(params![id], |r| {
                    Ok((card_from_row(r)?, r.get::<_, Option<String>>(3)?))
                })
                .optional()
            })
            .map_err(storage)?;
        let Some((mut card, customer_json)) = row else {
            return Ok(None);
        };
        mark_overdue(
            &conn,
            std::slice::from_mut(&mut card),
            crate::clock::now_ms(),
        )?;
        let customer: Option<Customer> = customer_json
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(storage)?;
        let orders = conn
            .prepare_cached(
                "SELECT json FROM orders WHERE customer_id = ?1 ORDER BY created_at DESC",
            )
            .and_then(|mut s| {
                s.query_map(params![card.customer_id], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(storage)?
            .iter()
            .map(|j| serde_json::from_str::<Order>(j))
            .collect::<Result<Vec<_>, _>>()
            .map_err(storage)?;
        let mut messages = conn
            .prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 \
                 AND id NOT IN (SELECT message_id FROM hidden_messages) ORDER BY created_at DESC, id DESC LIMIT ?2"
            ))
            .and_then(|mut s| s.query_map(params![id, OPEN_MESSAGES], message_from_row)?.collect::<Result<Vec<_>, _>>())
            .map_err(storage)?;
        messages.reverse();
        let draft: String = conn
            .query_row(
                "SELECT body FROM drafts WHERE conversation_id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage)?
            .unwrap_or_default();
        let order_actions = orders.iter().map(|o| (o.id.clone(), o.actions())).collect();
        let pending_orders = conn
            .prepare_cached(
                "SELECT DISTINCT json_extract(payload, '$.id') FROM outbox \
                 WHERE state = 'pending' AND kind IN ('order_action', 'refund_decision')",
            )
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(storage)?;
        let spending = crate::spending::of(&orders);
        Ok(Some(ConversationDetail {
            card,
            customer,
            orders,
            order_actions,
            pending_orders,
            spending,
            messages,
            draft,
        }))
    }

    /// Every cached conversation id, in id order (for tests and the cache generator).
    pub fn conversation_ids(&self) -> DeskResult<Vec<String>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached("SELECT id FROM conversations ORDER BY id")
            .map_err(storage)?;
        let ids = statement
            .query_map([], |r| r.get(0))
            .map_err(storage)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(storage)?;
        Ok(ids)
    }
}

impl Store {
    /// Every cached row in a stable order, to compare two caches (tests and
    /// diagnostics). The outbox and drafts are local and not included.
    pub fn fingerprint(&self) -> DeskResult<Vec<String>> {
        const QUERIES: &[&str] = &[
            "SELECT 'store ' || id || ' ' || json FROM stores ORDER BY id",
            "SELECT 'agent ' || id || ' ' || json FROM agents ORDER BY id",
            "SELECT 'customer ' || id || ' ' || json FROM customers ORDER BY id",
            "SELECT 'conversation ' || id || ' ' || json FROM conversations ORDER BY id",
            "SELECT 'tag ' || conversation_id || ' ' || tag FROM conversation_tags ORDER BY conversation_id, tag",
            "SELECT 'message ' || id || ' ' || conversation_id || ' ' || COALESCE(client_id, '-') || ' ' || author \
             || ' ' || body || ' ' || state FROM messages ORDER BY id",
            "SELECT 'order ' || id || ' ' || json FROM orders ORDER BY id",
            "SELECT 'product ' || sku || ' ' || json FROM products ORDER BY sku",
            "SELECT 'reply ' || id || ' ' || json FROM quick_replies ORDER BY id",
            "SELECT 'article ' || id || ' ' || json FROM articles ORDER BY id",
            "SELECT 'indexed message ' || m.id FROM search_messages s JOIN messages m ON m.search_key = s.rowid ORDER BY m.id",
            "SELECT 'indexed messages ' || COUNT(*) FROM search_messages",
            "SELECT 'indexed customer ' || c.id FROM search_customers s JOIN customers c ON c.rowid = s.rowid ORDER BY c.id",
            "SELECT 'indexed customers ' || COUNT(*) FROM search_customers",
            "SELECT 'indexed orders ' || COUNT(*) FROM search_orders",
        ];
        let conn = self.conn();
        let mut rows = Vec::new();
        for sql in QUERIES {
            let mut statement = conn.prepare(sql).map_err(storage)?;
            let found = statement
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(storage)?;
            for row in found {
                rows.push(row.map_err(storage)?);
            }
        }
        Ok(rows)
    }
}

impl Store {
    /// A message by the client id it was sent with (its optimistic or delivered copy).
    pub fn message_by_client_id(&self, client_id: &str) -> DeskResult<Option<LocalMessage>> {
        self.conn()
            .query_row(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE client_id = ?1"),
                params![client_id],
                message_from_row,
            )
            .optional()
            .map_err(storage)
    }
}

impl Store {
    /// The cards of some conversations (the ones a change touched).
    pub fn cards(&self, ids: &[String]) -> DeskResult<Vec<ConversationCard>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached(
                "SELECT c.json, cu.nickname, cu.vip_level FROM conversations c \
                 LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.id = ?1",
            )
            .map_err(storage)?;
        let mut cards = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(card) = statement
                .query_row(params![id], card_from_row)
                .optional()
                .map_err(storage)?
            {
                cards.push(card);
            }
        }
        drop(statement);
        mark_overdue(&conn, &mut cards, crate::clock::now_ms())?;
        Ok(cards)
    }

    /// The tray's counts: waiting conversations, and those of VIP customers.
    pub fn waiting_counts(&self) -> DeskResult<(i64, i64)> {
        self.conn()
            .query_row(
                "SELECT COUNT(*), COALESCE(SUM(cu.vip_level > 0), 0) FROM conversations c \
                 LEFT JOIN customers cu ON cu.id = c.customer_id WHERE c.status = 'waiting'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(storage)
    }

    /// The stores the agent serves, by name (the settings view).
    pub fn stores(&self) -> DeskResult<Vec<fiido_protocol::model::Store>> {
        let mut stores: Vec<fiido_protocol::model::Store> =
            self.json_rows("SELECT json FROM stores")?;
        stores.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(stores)
    }

    /// A store's name, for notifications and templates.
    pub fn store_name(&self, store_id: &str) -> DeskResult<Option<String>> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT json FROM stores WHERE id = ?1",
                params![store_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage)?;
        Ok(json
            .and_then(|j| serde_json::from_str::<fiido_protocol::model::Store>(&j).ok())
            .map(|s| s.name))
    }
}

impl Store {
    /// How long a store lets a customer wait before the chat is overdue.
    pub fn overdue_limit_ms(&self, store_id: &str) -> DeskResult<i64> {
        Ok(thresholds(&self.conn())?
            .get(store_id)
            .copied()
            .unwrap_or(DEFAULT_OVERDUE_MS))
    }

    /// The waiting conversations that are overdue at `now` (AUTO-2): ids
    /// only, read from the index, cheap enough for a once-a-second check.
    pub fn overdue_ids(&self, now: i64) -> DeskResult<Vec<String>> {
        let conn = self.conn();
        let thresholds = thresholds(&conn)?;
        let shortest = thresholds
            .values()
            .copied()
            .min()
            .unwrap_or(DEFAULT_OVERDUE_MS);
        let mut statement = conn
            .prepare_cached(
                "SELECT id, waiting_since, json_extract(json, '$.store_id') FROM conversations \
                 WHERE status = 'waiting' AND waiting_since <= ?1",
            )
            .map_err(storage)?;
        let rows = statement
            .query_map(params![now - shortest], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .map_err(storage)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, since, store) = row.map_err(storage)?;
            let limit = store
                .and_then(|s| thresholds.get(&s).copied())
                .unwrap_or(DEFAULT_OVERDUE_MS);
            if now - since >= limit {
                out.push(id);
            }
        }
        Ok(out)
    }
}

impl Store {
    /// A product's page on the store's site with the desk's UTM parameters
    /// (COM-4), so the shop's analytics credit the chat.
    pub fn product_link(&self, store_id: &str, sku: &str) -> DeskResult<String> {
        let shop = self.shop(store_id)?;
        Ok(fiido_protocol::cards::product_url(&shop.domain, sku))
    }
}
