//! Writing what the server says into the cache: snapshot pages and events,
//! each with its `last_seq` in the same transaction.

use fiido_protocol::api::SnapshotPage;
use fiido_protocol::events::{Event, EventData};
use fiido_protocol::model::{
    Agent, AgentSettings, Article, Conversation, Customer, DeliveryState, Message, Order, Product,
    QuickReply, Store as StoreDto, UsedKind,
};
use fiido_protocol::tickets::{SlaStage, Ticket};
use rusqlite::{params, OptionalExtension, Transaction};

use super::schema::SEARCH_TABLES;
use super::Store;
use crate::error::{storage, DeskResult};
use crate::search::cjk_pairs;
use crate::views::{ChangeNotice, LocalState, MentionNotice, TicketAlert, TicketAlertKind};

/// What applying a snapshot page did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotApplied {
    /// True on the last page: the cache now stands at the page's seq.
    pub complete: bool,
}

fn exec(tx: &Transaction, sql: &str, values: impl rusqlite::Params) -> DeskResult<usize> {
    tx.prepare_cached(sql)
        .and_then(|mut statement| statement.execute(values))
        .map_err(storage)
}

fn json<T: serde::Serialize>(value: &T) -> DeskResult<String> {
    serde_json::to_string(value).map_err(storage)
}

/// The rowids a coming `INSERT OR REPLACE` will replace (their search rows
/// must go with them).
fn rowids(tx: &Transaction, sql: &str, values: impl rusqlite::Params) -> DeskResult<Vec<i64>> {
    let mut statement = tx.prepare_cached(sql).map_err(storage)?;
    let rows = statement.query_map(values, |r| r.get(0)).map_err(storage)?;
    rows.collect::<Result<_, _>>().map_err(storage)
}

/// Writes the search row of the row just inserted (the last insert rowid)
/// into the FTS5 table `search`, dropping those of the rows it replaced.
fn reindex(tx: &Transaction, search: &str, replaced: &[i64], text: &str) -> DeskResult<()> {
    reindex_as(tx, search, replaced, tx.last_insert_rowid(), text)
}

/// [`reindex`] under a given search rowid.
fn reindex_as(
    tx: &Transaction,
    search: &str,
    replaced: &[i64],
    rowid: i64,
    text: &str,
) -> DeskResult<()> {
    for old in replaced {
        exec(
            tx,
            &format!("DELETE FROM {search} WHERE rowid = ?1"),
            params![old],
        )?;
    }
    exec(
        tx,
        &format!("INSERT INTO {search} (rowid, text, cjk) VALUES (?1, ?2, ?3)"),
        params![rowid, text, cjk_pairs(text)],
    )?;
    Ok(())
}

fn upsert_store(tx: &Transaction, s: &StoreDto) -> DeskResult<()> {
    exec(
        tx,
        "INSERT OR REPLACE INTO stores (id, json) VALUES (?1, ?2)",
        params![s.id, json(s)?],
    )?;
    Ok(())
}

fn upsert_agent(tx: &Transaction, a: &Agent) -> DeskResult<()> {
    exec(
        tx,
        "INSERT OR REPLACE INTO agents (id, json) VALUES (?1, ?2)",
        params![a.id, json(a)?],
    )?;
    Ok(())
}

pub(super) fn upsert_customer(tx: &Transaction, c: &Customer) -> DeskResult<()> {
    let replaced = rowids(
        tx,
        "SELECT rowid FROM customers WHERE id = ?1",
        params![c.id],
    )?;
    exec(
        tx,
        "INSERT OR REPLACE INTO customers (id, nickname, vip_level, json) VALUES (?1, ?2, ?3, ?4)",
        params![c.id, c.nickname, c.vip_level, json(c)?],
    )?;
    let text = format!("{} {}", c.nickname, c.email.as_deref().unwrap_or(""));
    reindex(tx, "search_customers", &replaced, &text)
}

pub(super) fn upsert_conversation(tx: &Transaction, c: &Conversation) -> DeskResult<()> {
    let sort_at = c
        .last_message
        .as_ref()
        .map(|m| m.at)
        .unwrap_or(c.updated_at);
    exec(tx,
        "INSERT OR REPLACE INTO conversations (id, customer_id, status, pinned, starred, sort_at, waiting_since, json, store_id, channel) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![c.id, c.customer_id, c.status.as_str(), c.pinned, c.starred, sort_at, c.waiting_since, json(c)?,
            c.store_id, c.channel.as_str()],
    )?;
    exec(
        tx,
        "DELETE FROM conversation_tags WHERE conversation_id = ?1",
        params![c.id],
    )?;
    for tag in &c.tags {
        exec(
            tx,
            "INSERT OR IGNORE INTO conversation_tags (conversation_id, tag) VALUES (?1, ?2)",
            params![c.id, tag],
        )?;
    }
    Ok(())
}

fn server_state(state: DeliveryState) -> LocalState {
    match state {
        DeliveryState::Sent => LocalState::Sent,
        DeliveryState::Delivered => LocalState::Delivered,
        DeliveryState::Read => LocalState::Read,
        DeliveryState::Recalled => LocalState::Recalled,
    }
}

/// A free search key for a message written at `created_at`: keys sort by
/// time, up to 4096 messages share a millisecond (beyond that the newest key
/// overall plus one, still unique).
pub(super) fn search_key(tx: &Transaction, created_at: i64) -> DeskResult<i64> {
    let base = created_at.clamp(0, i64::MAX / 4096 - 1) * 4096;
    let next: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(search_key) + 1, ?1) FROM messages WHERE search_key BETWEEN ?1 AND ?1 + 4095",
            params![base],
            |r| r.get(0),
        )
        .map_err(storage)?;
    if next <= base + 4095 {
        return Ok(next);
    }
    tx.query_row("SELECT MAX(search_key) + 1 FROM messages", [], |r| r.get(0))
        .map_err(storage)
}

/// Writes a server message; it replaces the optimistic copy with the same
/// client id, so the agent never sees a duplicate bubble.
pub(super) fn upsert_message(tx: &Transaction, m: &Message) -> DeskResult<()> {
    let replaced = rowids(
        tx,
        "SELECT search_key FROM messages WHERE (id = ?1 OR client_id = ?2) AND search_key IS NOT NULL",
        params![m.id, m.client_id],
    )?;
    let key = search_key(tx, m.created_at)?;
    exec(tx,
        "INSERT OR REPLACE INTO messages (id, conversation_id, client_id, author, author_name, body, created_at, state, error, search_key, attachment, card) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, ?10, ?11)",
        params![
            m.id,
            m.conversation_id,
            m.client_id,
            m.author.as_str(),
            m.author_name,
            m.body,
            m.created_at,
            server_state(m.state).as_str(),
            key,
            m.attachment.as_ref().map(json).transpose()?,
            m.card.as_ref().map(json).transpose()?
        ],
    )?;
    reindex_as(tx, "search_messages", &replaced, key, &m.body)
}

pub(super) fn upsert_ticket(tx: &Transaction, t: &Ticket) -> DeskResult<()> {
    exec(
        tx,
        "INSERT OR REPLACE INTO tickets (id, status, due_at, json) VALUES (?1, ?2, ?3, ?4)",
        params![
            t.id,
            serde_json::to_value(t.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned)),
            t.due_at,
            json(t)?
        ],
    )?;
    Ok(())
}

/// The cached conversations of a customer: whose panels show their orders.
fn conversations_of_customer(tx: &Transaction, customer_id: &str) -> DeskResult<Vec<String>> {
    tx.prepare_cached("SELECT id FROM conversations WHERE customer_id = ?1")
        .and_then(|mut s| {
            s.query_map(params![customer_id], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })
        .map_err(storage)
}

pub(super) fn upsert_order(tx: &Transaction, o: &Order) -> DeskResult<()> {
    let replaced = rowids(tx, "SELECT rowid FROM orders WHERE id = ?1", params![o.id])?;
    exec(
        tx,
        "INSERT OR REPLACE INTO orders (id, customer_id, created_at, json) VALUES (?1, ?2, ?3, ?4)",
        params![o.id, o.customer_id, o.created_at, json(o)?],
    )?;
    let items: Vec<&str> = o.items.iter().map(|i| i.name.as_str()).collect();
    let text = format!(
        "{} {} {}",
        o.number,
        o.tracking_no.as_deref().unwrap_or(""),
        items.join(" ")
    );
    reindex(tx, "search_orders", &replaced, &text)
}

fn upsert_product(tx: &Transaction, p: &Product) -> DeskResult<()> {
    let replaced = rowids(
        tx,
        "SELECT rowid FROM products WHERE sku = ?1",
        params![p.sku],
    )?;
    exec(
        tx,
        "INSERT OR REPLACE INTO products (sku, json) VALUES (?1, ?2)",
        params![p.sku, json(p)?],
    )?;
    let text = format!("{} {} {} {}", p.name, p.sku, p.model, p.category);
    reindex(tx, "search_products", &replaced, &text)
}

pub(super) fn upsert_quick_reply(tx: &Transaction, q: &QuickReply) -> DeskResult<()> {
    exec(
        tx,
        "INSERT OR REPLACE INTO quick_replies (id, json) VALUES (?1, ?2)",
        params![q.id, json(q)?],
    )?;
    Ok(())
}

pub(super) fn upsert_article(tx: &Transaction, a: &Article) -> DeskResult<()> {
    let replaced = rowids(
        tx,
        "SELECT rowid FROM articles WHERE id = ?1",
        params![a.id],
    )?;
    exec(
        tx,
        "INSERT OR REPLACE INTO articles (id, json) VALUES (?1, ?2)",
        params![a.id, json(a)?],
    )?;
    let text = format!("{} {} {}", a.title, a.category_path.join(" "), a.body);
    reindex(tx, "search_articles", &replaced, &text)
}

/// Drops an article and its search entry (it went back to draft).
fn delete_article(tx: &Transaction, id: &str) -> DeskResult<()> {
    for rowid in rowids(tx, "SELECT rowid FROM articles WHERE id = ?1", params![id])? {
        exec(
            tx,
            "DELETE FROM search_articles WHERE rowid = ?1",
            params![rowid],
        )?;
    }
    exec(tx, "DELETE FROM articles WHERE id = ?1", params![id]).map(drop)
}

/// Sets how often a quick reply or article was inserted.
pub(super) fn set_uses(tx: &Transaction, item: UsedKind, id: &str, uses: i64) -> DeskResult<()> {
    let table = match item {
        UsedKind::QuickReply => "quick_replies",
        UsedKind::Article => "articles",
    };
    exec(
        tx,
        &format!("UPDATE {table} SET json = json_set(json, '$.uses', ?2) WHERE id = ?1"),
        params![id, uses],
    )
    .map(drop)
}

/// Keeps the signed-in agent's settings (one row: the cache is per agent).
pub(super) fn upsert_settings(tx: &Transaction, settings: &AgentSettings) -> DeskResult<()> {
    exec(
        tx,
        "INSERT OR REPLACE INTO agent_settings (id, json) VALUES (1, ?1)",
        params![json(settings)?],
    )?;
    Ok(())
}

fn apply_one(tx: &Transaction, event: &Event, changed: &mut ChangeNotice) -> DeskResult<()> {
    match &event.data {
        EventData::ConversationUpserted { conversation } => {
            upsert_conversation(tx, conversation)?;
            changed.lists = true;
        }
        EventData::MessageUpserted { message } | EventData::NoteAdded { message } => {
            upsert_message(tx, message)?
        }
        EventData::Mentioned {
            conversation_id,
            message_id,
            by,
            ..
        } => {
            let body: String = tx
                .query_row(
                    "SELECT body FROM messages WHERE id = ?1",
                    params![message_id],
                    |r| r.get(0),
                )
                .unwrap_or_default();
            changed.mentions.push(MentionNotice {
                conversation_id: conversation_id.clone(),
                by: by.clone(),
                body,
            });
        }
        EventData::CustomerUpserted { customer } => {
            upsert_customer(tx, customer)?;
            changed.lists = true;
        }
        EventData::TicketUpserted { ticket } => {
            upsert_ticket(tx, ticket)?;
            changed.tickets = true;
        }
        EventData::TicketSla { ticket, stage } => {
            upsert_ticket(tx, ticket)?;
            changed.tickets = true;
            changed.ticket_alerts.push(TicketAlert {
                ticket_id: ticket.id.clone(),
                number: ticket.number.clone(),
                title: ticket.title.clone(),
                conversation_id: ticket.conversation_id.clone(),
                assignee_id: ticket.assignee_id.clone(),
                what: match stage {
                    SlaStage::Reminder => TicketAlertKind::DeadlineNear,
                    SlaStage::Breached => TicketAlertKind::DeadlinePassed,
                },
            });
        }
        EventData::ShipmentException {
            order_number,
            ticket_id,
            ..
        } => {
            let ticket: Option<Ticket> = tx
                .query_row(
                    "SELECT json FROM tickets WHERE id = ?1",
                    params![ticket_id],
                    |r| r.get::<_, String>(0),
                )
                .optional()
                .map_err(storage)?
                .and_then(|j| serde_json::from_str(&j).ok());
            changed.ticket_alerts.push(TicketAlert {
                ticket_id: ticket_id.clone(),
                number: order_number.clone(),
                title: ticket.as_ref().map_or_else(
                    || format!("Parcel problem: {order_number}"),
                    |t| t.title.clone(),
                ),
                conversation_id: ticket.and_then(|t| t.conversation_id),
                assignee_id: None,
                what: TicketAlertKind::ShipmentProblem,
            });
        }
        EventData::OrderUpserted { order } => {
            upsert_order(tx, order)?;
            changed
                .conversation_ids
                .extend(conversations_of_customer(tx, &order.customer_id)?);
        }
        EventData::QuickReplyUpserted { quick_reply } => {
            upsert_quick_reply(tx, quick_reply)?;
            changed.catalogue = true;
        }
        EventData::QuickReplyDeleted { id, .. } => {
            exec(tx, "DELETE FROM quick_replies WHERE id = ?1", params![id])?;
            changed.catalogue = true;
        }
        EventData::ArticleUpserted { article } => {
            upsert_article(tx, article)?;
            changed.catalogue = true;
        }
        EventData::ArticleWithdrawn { id } => {
            delete_article(tx, id)?;
            changed.catalogue = true;
        }
        EventData::UsageCounted { item, id, uses, .. } => {
            set_uses(tx, *item, id, *uses)?;
            changed.catalogue = true;
        }
        EventData::StoreUpserted { store } => {
            upsert_store(tx, store)?;
            changed.lists = true;
        }
        EventData::AgentSettingsChanged { settings, .. } => {
            upsert_settings(tx, settings)?;
            changed.settings = true;
        }
        // Only the team's figures move; the stats window asks the server.
        EventData::SatisfactionRated { .. } => {}
        EventData::CustomerErased {
            customer_id,
            conversation_ids,
        } => {
            super::erase::erase_customer(tx, customer_id, conversation_ids)?;
            changed.lists = true;
            changed.tickets = true;
            changed.erased = true;
            changed
                .conversation_ids
                .extend(conversation_ids.iter().cloned());
        }
        // Content erased on the server: nothing left to apply.
        EventData::Redacted {} => {}
    }
    if let Some(id) = &event.conversation_id {
        if !changed.conversation_ids.contains(id) {
            changed.conversation_ids.push(id.clone());
        }
    }
    Ok(())
}

impl Store {
    /// Applies events in seq order and moves `last_seq` to `position`, all in
    /// one transaction. Events at or below the current `last_seq` are skipped,
    /// so a repeat changes nothing.
    pub fn apply_events(&self, events: &[Event], position: i64) -> DeskResult<ChangeNotice> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let last: i64 = tx
            .query_row("SELECT last_seq FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .map_err(storage)?;
        let mut changed = ChangeNotice::default();
        let mut at = last;
        for event in events {
            if event.seq <= at {
                continue;
            }
            apply_one(&tx, event, &mut changed)?;
            at = event.seq;
        }
        let new_last = at.max(position).max(last);
        exec(
            &tx,
            "UPDATE sync_state SET last_seq = ?1 WHERE id = 1",
            params![new_last],
        )?;
        tx.commit().map_err(storage)?;
        drop(conn);
        if changed.erased {
            self.reclaim_erased()?;
        }
        Ok(changed)
    }

    /// Starts a fresh snapshot: forgets everything the server sent, but keeps
    /// the outbox, drafts, and messages not yet delivered.
    pub fn reset_for_snapshot(&self) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        tx.execute_batch(
            "DELETE FROM stores; DELETE FROM agents; DELETE FROM customers; DELETE FROM conversations;
             DELETE FROM conversation_tags; DELETE FROM orders; DELETE FROM tickets; DELETE FROM products; DELETE FROM quick_replies;
             DELETE FROM articles; DELETE FROM agent_settings;
             DELETE FROM messages WHERE state NOT IN ('sending', 'failed');
             UPDATE sync_state SET last_seq = 0, snapshot_done = 0 WHERE id = 1;",
        )
        .map_err(storage)?;
        for search in SEARCH_TABLES {
            exec(
                &tx,
                &format!("INSERT INTO {search} ({search}) VALUES ('delete-all')"),
                [],
            )?;
        }
        let kept: Vec<(i64, String)> = {
            let mut statement = tx
                .prepare("SELECT search_key, body FROM messages WHERE search_key IS NOT NULL")
                .map_err(storage)?;
            let rows = statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(storage)?;
            rows.collect::<Result<_, _>>().map_err(storage)?
        };
        for (rowid, body) in kept {
            exec(
                &tx,
                "INSERT INTO search_messages (rowid, text, cjk) VALUES (?1, ?2, ?3)",
                params![rowid, body, cjk_pairs(&body)],
            )?;
        }
        tx.commit().map_err(storage)
    }

    /// Applies one snapshot page; the last one sets `last_seq` to the page's seq.
    pub fn apply_snapshot_page(&self, page: &SnapshotPage) -> DeskResult<SnapshotApplied> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        for s in &page.stores {
            upsert_store(&tx, s)?;
        }
        for a in &page.agents {
            upsert_agent(&tx, a)?;
        }
        for c in &page.customers {
            upsert_customer(&tx, c)?;
        }
        for c in &page.conversations {
            upsert_conversation(&tx, c)?;
        }
        for m in &page.messages {
            upsert_message(&tx, m)?;
        }
        for o in &page.orders {
            upsert_order(&tx, o)?;
        }
        for p in &page.products {
            upsert_product(&tx, p)?;
        }
        for q in &page.quick_replies {
            upsert_quick_reply(&tx, q)?;
        }
        for a in &page.articles {
            upsert_article(&tx, a)?;
        }
        for t in &page.tickets {
            upsert_ticket(&tx, t)?;
        }
        if let Some(settings) = &page.settings {
            upsert_settings(&tx, settings)?;
        }
        let complete = page.next_cursor.is_none();
        if complete {
            exec(
                &tx,
                "UPDATE sync_state SET last_seq = ?1, snapshot_done = 1 WHERE id = 1",
                params![page.seq],
            )?;
        }
        tx.commit().map_err(storage)?;
        Ok(SnapshotApplied { complete })
    }
}
