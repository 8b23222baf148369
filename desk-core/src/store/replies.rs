//! Quick replies from the cache, filled for one conversation (QR-2, QR-3).

use fiido_protocol::api::{NewQuickReply, QuickReplyPatch};
use fiido_protocol::model::{Agent, Article, Product, QuickReply, ReplyScope, Role};
use fiido_protocol::{validate, ApiError, ErrorCode};
use rusqlite::{params, OptionalExtension};

use super::apply::upsert_quick_reply;
use super::outbox::{queue, QuickReplyUpdate};
use super::{now_ms, Store};
use crate::error::{storage, DeskResult};
use crate::templates::{fill, FilledReply, Values};

fn first_word(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_owned()
}

/// Team replies are the leads' and admins', and those shared by every store
/// the admins' alone (the server checks too; this answers at once, offline
/// as well).
pub(super) fn check_may_change(
    reply_scope: ReplyScope,
    store_id: Option<&str>,
    agent: &Agent,
) -> DeskResult<()> {
    let refusal = match (reply_scope, agent.role) {
        (ReplyScope::Personal, _) | (ReplyScope::Team, Role::Admin) => None,
        (ReplyScope::Team, Role::Agent) => {
            Some("team quick replies are managed by leads and admins; make a personal one instead")
        }
        (ReplyScope::Team, Role::Lead) if store_id.is_none() => {
            Some("replies shared by every store are managed by admins")
        }
        (ReplyScope::Team, Role::Lead) => None,
    };
    match refusal {
        Some(message) => Err(ApiError::new(ErrorCode::Forbidden, message)),
        None => Ok(()),
    }
}

impl Store {
    /// Creates a quick reply: in the cache at once (the picker offers it
    /// offline) and queued for the server, which gets the id chosen here.
    pub fn enqueue_new_quick_reply(
        &self,
        new: &NewQuickReply,
        agent: &Agent,
    ) -> DeskResult<QuickReply> {
        check_may_change(new.scope, new.store_id.as_deref(), agent)?;
        let id = uuid::Uuid::now_v7().to_string();
        let checked = validate::new_quick_reply(new)?;
        let request = NewQuickReply {
            id: Some(id.clone()),
            store_id: (checked.scope == ReplyScope::Team)
                .then_some(checked.store_id.clone())
                .flatten(),
            ..checked
        };
        let reply = QuickReply {
            id,
            store_id: request.store_id.clone(),
            scope: request.scope,
            owner_id: (request.scope == ReplyScope::Personal).then(|| agent.id.clone()),
            category: request.category.clone(),
            title: request.title.clone(),
            variants: request.variants.clone(),
            position: self.last_position(request.scope)? + 1,
            uses: 0,
            updated_at: now_ms(),
        };
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_quick_reply(&tx, &reply)?;
        queue(&tx, "create_quick_reply", None, &request)?;
        tx.commit().map_err(storage)?;
        Ok(reply)
    }

    /// Changes a quick reply: in the cache at once and queued for the server.
    pub fn enqueue_quick_reply_update(
        &self,
        id: &str,
        patch: &QuickReplyPatch,
        agent: &Agent,
    ) -> DeskResult<QuickReply> {
        let mut reply = self.quick_reply(id)?.ok_or_else(|| {
            ApiError::new(ErrorCode::NotFound, "that quick reply no longer exists")
        })?;
        check_may_change(reply.scope, reply.store_id.as_deref(), agent)?;
        let patch = validate::quick_reply_patch(patch)?;
        reply.category = patch.category.clone().unwrap_or(reply.category);
        reply.title = patch.title.clone().unwrap_or(reply.title);
        reply.variants = patch.variants.clone().unwrap_or(reply.variants);
        reply.updated_at = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_quick_reply(&tx, &reply)?;
        queue(
            &tx,
            "update_quick_reply",
            None,
            &QuickReplyUpdate {
                id: id.to_owned(),
                patch,
            },
        )?;
        tx.commit().map_err(storage)?;
        Ok(reply)
    }

    /// The server took a quick-reply change: its copy is kept (unless a
    /// later change of the same reply is still queued) and the row goes.
    pub fn complete_quick_reply(&self, client_id: &str, reply: &QuickReply) -> DeskResult<()> {
        self.complete_change(client_id, "update_quick_reply", &reply.id, |tx| {
            upsert_quick_reply(tx, reply)
        })
    }

    /// Ends a delivered create or update of `id`: `write` keeps the server's
    /// copy unless a later update of the same entity (`update_kind`) is
    /// still queued, and the outbox row goes, in one transaction.
    pub(super) fn complete_change(
        &self,
        client_id: &str,
        update_kind: &str,
        id: &str,
        write: impl FnOnce(&rusqlite::Transaction) -> DeskResult<()>,
    ) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let later: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending' AND client_id <> ?1 \
                 AND kind = ?2 AND json_extract(payload, '$.id') = ?3)",
                params![client_id, update_kind, id],
                |r| r.get(0),
            )
            .map_err(storage)?;
        if !later {
            write(&tx)?;
        }
        tx.execute(
            "DELETE FROM outbox WHERE client_id = ?1",
            params![client_id],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }

    /// Every quick reply the agent may use: their own first, then the
    /// team's, each list in the order chosen for it.
    pub fn quick_replies(&self) -> DeskResult<Vec<QuickReply>> {
        let mut replies: Vec<QuickReply> = self.json_rows("SELECT json FROM quick_replies")?;
        replies.sort_by(|a, b| {
            let key = |r: &QuickReply| (r.scope == ReplyScope::Team, r.position);
            key(a).cmp(&key(b)).then_with(|| a.title.cmp(&b.title))
        });
        Ok(replies)
    }

    /// Every knowledge article in the cache, by title.
    pub fn articles(&self) -> DeskResult<Vec<Article>> {
        let mut articles: Vec<Article> = self.json_rows("SELECT json FROM articles")?;
        articles.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(articles)
    }

    pub(super) fn quick_reply(&self, id: &str) -> DeskResult<Option<QuickReply>> {
        self.json_row("SELECT json FROM quick_replies WHERE id = ?1", id)
    }

    /// The reply the agent put on Ctrl+`slot` (their settings), filled for
    /// the conversation as [`Store::filled_reply`] does. None for an empty slot.
    pub fn filled_slot_reply(
        &self,
        conversation_id: &str,
        slot: i64,
        agent: &Agent,
    ) -> DeskResult<Option<FilledReply>> {
        let settings = self.settings()?;
        match settings.slots.iter().find(|s| s.slot == slot) {
            Some(assigned) => self.filled_reply(conversation_id, &assigned.quick_reply_id, agent),
            None => Ok(None),
        }
    }

    /// A quick reply in the customer's language when it has one (else
    /// English, else its first), with the conversation's variables filled.
    pub fn filled_reply(
        &self,
        conversation_id: &str,
        reply_id: &str,
        agent: &Agent,
    ) -> DeskResult<Option<FilledReply>> {
        let Some(detail) = self.conversation_detail(conversation_id)? else {
            return Ok(None);
        };
        let Some(reply) = self.quick_reply(reply_id)? else {
            return Ok(None);
        };
        let language = detail
            .customer
            .as_ref()
            .and_then(|c| c.language.clone())
            .unwrap_or_else(|| "en".into());
        let Some(variant) = reply
            .variants
            .iter()
            .find(|v| v.language == language)
            .or_else(|| reply.variants.iter().find(|v| v.language == "en"))
            .or_else(|| reply.variants.first())
        else {
            return Ok(None);
        };
        let order = detail
            .orders
            .iter()
            .find(|o| Some(&o.number) == detail.card.order_number.as_ref())
            .or(detail.orders.first());
        let bike_model = match order.and_then(|o| o.items.first()) {
            Some(item) => {
                let product: Option<String> = self
                    .conn()
                    .query_row(
                        "SELECT json FROM products WHERE sku = ?1",
                        params![item.sku],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(storage)?;
                product
                    .and_then(|json| serde_json::from_str::<Product>(&json).ok())
                    .map(|p| p.model)
                    .or_else(|| Some(item.name.clone()))
            }
            None => None,
        };
        let values = Values {
            customer_name: detail.customer.as_ref().map(|c| first_word(&c.nickname)),
            order_id: detail
                .card
                .order_number
                .clone()
                .or_else(|| order.map(|o| o.number.clone())),
            bike_model,
            agent_name: Some(first_word(&agent.name)),
            store_name: self.store_name(&detail.card.store_id)?,
            tracking_no: order.and_then(|o| o.tracking_no.clone()),
        };
        let (text, missing) = fill(&variant.body, &values);
        Ok(Some(FilledReply {
            id: reply.id.clone(),
            title: reply.title.clone(),
            text,
            missing,
        }))
    }
}
