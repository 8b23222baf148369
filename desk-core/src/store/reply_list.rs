//! Keeping the quick-reply lists and the usage counts (QR-1, KB-6):
//! deleting and reordering replies, and counting each insertion. Like every
//! agent action they change the cache at once and go through the outbox.

use fiido_protocol::api::QuickReplyOrder;
use fiido_protocol::model::{Agent, QuickReply, ReplyScope, UsedKind};
use fiido_protocol::{validate, ApiError, ErrorCode};
use rusqlite::params;

use super::apply::{set_uses, upsert_quick_reply};
use super::outbox::{queue, UseReport};
use super::replies::check_may_change;
use super::Store;
use crate::error::{storage, DeskResult};

fn gone() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "that quick reply no longer exists")
}

impl Store {
    /// The highest position in a list (team, or the agent's own), 0 when empty.
    pub(super) fn last_position(&self, scope: ReplyScope) -> DeskResult<i64> {
        Ok(self
            .quick_replies()?
            .iter()
            .filter(|r| r.scope == scope)
            .map(|r| r.position)
            .max()
            .unwrap_or(0))
    }

    /// Deletes a quick reply: gone from the cache (and the picker) at once,
    /// queued for the server.
    pub fn enqueue_quick_reply_delete(&self, id: &str, agent: &Agent) -> DeskResult<()> {
        let reply = self.quick_reply(id)?.ok_or_else(gone)?;
        check_may_change(reply.scope, reply.store_id.as_deref(), agent)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        tx.execute("DELETE FROM quick_replies WHERE id = ?1", params![id])
            .map_err(storage)?;
        queue(&tx, "delete_quick_reply", None, &id)?;
        tx.commit().map_err(storage)
    }

    /// Puts the listed replies of one list in this order (positions 1, 2…),
    /// in the cache at once and queued for the server.
    pub fn enqueue_quick_reply_order(
        &self,
        order: &QuickReplyOrder,
        agent: &Agent,
    ) -> DeskResult<Vec<QuickReply>> {
        let order = validate::quick_reply_order(order)?;
        let mut moved = Vec::with_capacity(order.ids.len());
        for (position, id) in (1..).zip(&order.ids) {
            let mut reply = self.quick_reply(id)?.ok_or_else(gone)?;
            check_may_change(reply.scope, reply.store_id.as_deref(), agent)?;
            reply.position = position;
            moved.push(reply);
        }
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        for reply in &moved {
            upsert_quick_reply(&tx, reply)?;
        }
        queue(&tx, "reorder_quick_replies", None, &order)?;
        tx.commit().map_err(storage)?;
        Ok(moved)
    }

    /// The server took a new order: its positions are kept and the row goes.
    pub fn complete_quick_reply_order(
        &self,
        client_id: &str,
        replies: &[QuickReply],
    ) -> DeskResult<()> {
        self.complete_with(client_id, |tx| {
            replies.iter().try_for_each(|r| upsert_quick_reply(tx, r))
        })
    }

    /// Counts one insertion of a quick reply or article: the count shown
    /// grows at once; the server's total replaces it when delivered.
    pub fn enqueue_use(&self, item: UsedKind, id: &str) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let table = match item {
            UsedKind::QuickReply => "quick_replies",
            UsedKind::Article => "articles",
        };
        let found = tx
            .execute(
                &format!(
                    "UPDATE {table} SET json = json_set(json, '$.uses', \
                     COALESCE(json_extract(json, '$.uses'), 0) + 1) WHERE id = ?1"
                ),
                params![id],
            )
            .map_err(storage)?;
        if found == 0 {
            return Ok(());
        }
        queue(
            &tx,
            "record_use",
            None,
            &UseReport {
                item,
                id: id.to_owned(),
            },
        )?;
        tx.commit().map_err(storage)
    }

    /// The server counted an insertion: its total is kept and the row goes.
    pub fn complete_use(&self, client_id: &str, report: &UseReport, uses: i64) -> DeskResult<()> {
        self.complete_with(client_id, |tx| set_uses(tx, report.item, &report.id, uses))
    }

    /// The server took a queued action (or it no longer applies): `write`
    /// records what it answered and the row goes, in one transaction.
    pub fn complete_with(
        &self,
        client_id: &str,
        write: impl FnOnce(&rusqlite::Transaction) -> DeskResult<()>,
    ) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        write(&tx)?;
        tx.execute(
            "DELETE FROM outbox WHERE client_id = ?1",
            params![client_id],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }
}
