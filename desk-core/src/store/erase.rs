//! A customer's data erased on request (CUST-6), in this desk's cache: the
//! `customer_erased` event removes them, their conversations, messages,
//! files, drafts, reminders, orders and tickets (the anonymised orders and
//! tickets arrive as the next events), with their search entries. Then the
//! search index is merged and the WAL emptied, so no copy stays on disk.

use rusqlite::{params, Transaction};

use super::schema::SEARCH_TABLES;
use super::Store;
use crate::error::{storage, DeskResult};

fn exec(tx: &Transaction, sql: &str, values: impl rusqlite::Params) -> DeskResult<()> {
    tx.execute(sql, values).map(drop).map_err(storage)
}

/// Removes everything the cache holds about a customer.
pub(super) fn erase_customer(
    tx: &Transaction,
    customer_id: &str,
    conversation_ids: &[String],
) -> DeskResult<()> {
    let mut conversations: Vec<String> = conversation_ids.to_vec();
    {
        let mut statement = tx
            .prepare("SELECT id FROM conversations WHERE customer_id = ?1")
            .map_err(storage)?;
        let rows = statement
            .query_map(params![customer_id], |r| r.get::<_, String>(0))
            .map_err(storage)?;
        for id in rows {
            let id = id.map_err(storage)?;
            if !conversations.contains(&id) {
                conversations.push(id);
            }
        }
    }
    for id in &conversations {
        exec(
            tx,
            "DELETE FROM media WHERE id IN (SELECT json_extract(attachment, '$.id') FROM messages \
             WHERE conversation_id = ?1 AND attachment IS NOT NULL)",
            params![id],
        )?;
        exec(
            tx,
            "DELETE FROM search_messages WHERE rowid IN (SELECT search_key FROM messages \
             WHERE conversation_id = ?1 AND search_key IS NOT NULL)",
            params![id],
        )?;
        exec(
            tx,
            "DELETE FROM hidden_messages WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)",
            params![id],
        )?;
        for sql in [
            "DELETE FROM messages WHERE conversation_id = ?1",
            "DELETE FROM drafts WHERE conversation_id = ?1",
            "DELETE FROM reminders WHERE conversation_id = ?1",
            "DELETE FROM outbox WHERE conversation_id = ?1",
            "DELETE FROM conversation_tags WHERE conversation_id = ?1",
            "DELETE FROM conversations WHERE id = ?1",
        ] {
            exec(tx, sql, params![id])?;
        }
    }
    exec(
        tx,
        "DELETE FROM search_customers WHERE rowid IN (SELECT rowid FROM customers WHERE id = ?1)",
        params![customer_id],
    )?;
    exec(
        tx,
        "DELETE FROM customers WHERE id = ?1",
        params![customer_id],
    )?;
    exec(
        tx,
        "DELETE FROM search_orders WHERE rowid IN (SELECT rowid FROM orders WHERE customer_id = ?1)",
        params![customer_id],
    )?;
    exec(
        tx,
        "DELETE FROM tracking WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?1)",
        params![customer_id],
    )?;
    exec(
        tx,
        "DELETE FROM orders WHERE customer_id = ?1",
        params![customer_id],
    )?;
    exec(
        tx,
        "DELETE FROM tickets WHERE json_extract(json, '$.customer_id') = ?1",
        params![customer_id],
    )?;
    Ok(())
}

impl Store {
    /// After an erasure: merges every search index (so no erased word stays
    /// in an old segment) and empties the WAL into the zeroed file.
    pub fn reclaim_erased(&self) -> DeskResult<()> {
        let conn = self.conn();
        for search in SEARCH_TABLES {
            conn.execute(
                &format!("INSERT INTO {search} ({search}) VALUES ('optimize')"),
                [],
            )
            .map_err(storage)?;
        }
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(storage)?;
        Ok(())
    }
}
