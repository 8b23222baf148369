//! The outbox (MSG-8, DESIGN §3): an agent's action is written as an
//! optimistic row plus an outbox row in one transaction; the sender delivers
//! rows in order with the client id as `Idempotency-Key`, so each takes
//! effect exactly once however often it is retried.

use fiido_protocol::api::{
    ArticlePatch, NewArticle, NewQuickReply, QuickReplyOrder, QuickReplyPatch, SendMessageRequest,
};
use fiido_protocol::cards::{Card, CardRequest};
use fiido_protocol::model::{Agent, AgentSettings, Message, UsedKind};
use fiido_protocol::validate;
use rusqlite::{params, OptionalExtension};

use super::apply::upsert_message;
use super::conversation_actions::{ConversationUpdate, PendingAssignment, PendingNote};
use super::customer_actions::CustomerUpdate;
use super::order_actions::{OrderUpdate, RefundVerdict};
use super::read::{message_from_row, MESSAGE_COLUMNS};
use super::tickets::TicketUpdate;
use super::{now_ms, Store};
use crate::error::{storage, DeskResult};
use crate::views::LocalMessage;
use fiido_protocol::tickets::NewTicket;

/// A queued message send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSend {
    pub conversation_id: String,
    pub request: SendMessageRequest,
}

/// What a queued row asks the server to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboxAction {
    SendMessage(PendingSend),
    /// Replace the agent's settings (QR-3 slots, hotkey scope).
    SaveSettings(AgentSettings),
    /// Create a quick reply (its id chosen here, in the request).
    CreateQuickReply(NewQuickReply),
    /// Change a quick reply.
    UpdateQuickReply(QuickReplyUpdate),
    /// Create a knowledge article (its id chosen here, in the request).
    CreateArticle(NewArticle),
    /// Change a knowledge article.
    UpdateArticle(ArticleUpdate),
    /// Delete a quick reply (by id).
    DeleteQuickReply(String),
    /// Put quick replies in a new order.
    ReorderQuickReplies(QuickReplyOrder),
    /// Count one insertion of a quick reply or article.
    RecordUse(UseReport),
    /// Pin, star, tag, close or reopen a conversation.
    PatchConversation(ConversationUpdate),
    /// Add an internal note.
    AddNote(PendingNote),
    /// Claim, transfer or release a conversation.
    Assign(PendingAssignment),
    /// Tag, block or unblock a customer.
    PatchCustomer(CustomerUpdate),
    /// Change, urge, refund or cancel an order.
    OrderAction(OrderUpdate),
    /// A lead's refund decision.
    RefundDecision(RefundVerdict),
    /// Open a ticket (its id chosen here, in the request).
    CreateTicket(NewTicket),
    /// Resolve, reopen or assign a ticket.
    PatchTicket(TicketUpdate),
}

/// A queued insertion report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UseReport {
    pub item: UsedKind,
    pub id: String,
}

/// A queued change of one article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleUpdate {
    pub id: String,
    pub patch: ArticlePatch,
}

/// A queued change of one quick reply.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QuickReplyUpdate {
    pub id: String,
    pub patch: QuickReplyPatch,
}

/// Adds an outbox row in the caller's transaction; returns its client id,
/// which goes to the server as the `Idempotency-Key`.
pub(super) fn queue(
    tx: &rusqlite::Transaction,
    kind: &str,
    conversation_id: Option<&str>,
    payload: &impl serde::Serialize,
) -> DeskResult<String> {
    let client_id = uuid::Uuid::now_v7().to_string();
    tx.execute(
        "INSERT INTO outbox (client_id, kind, conversation_id, payload, state, created_at) \
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5)",
        params![
            client_id,
            kind,
            conversation_id,
            serde_json::to_string(payload).map_err(storage)?,
            now_ms()
        ],
    )
    .map_err(storage)?;
    Ok(client_id)
}

/// One row of the outbox, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub client_id: String,
    pub attempts: i64,
    pub action: OutboxAction,
}

impl Store {
    /// Queues a message: the optimistic bubble (state `sending`) and its
    /// outbox row in one transaction; the draft of that conversation is cleared.
    pub fn enqueue_send(
        &self,
        conversation_id: &str,
        body: &str,
        agent: &Agent,
    ) -> DeskResult<LocalMessage> {
        let body = validate::message_body(body)?;
        self.enqueue_message(conversation_id, body, None, agent)
    }

    /// Queues a card (MSG-4, COM-5) with an optional caption: the bubble
    /// shows the card built from the cache at once, the server's own copy
    /// replaces it. A card the cache already knows is wrong is refused here.
    pub fn enqueue_card(
        &self,
        conversation_id: &str,
        caption: &str,
        card: CardRequest,
        agent: &Agent,
    ) -> DeskResult<LocalMessage> {
        let card = card.validated()?;
        let local = self.local_card(conversation_id, &card)?;
        let caption = if caption.trim().is_empty() {
            String::new()
        } else {
            validate::message_body(caption)?
        };
        self.enqueue_message(conversation_id, caption, Some((card, local)), agent)
    }

    fn enqueue_message(
        &self,
        conversation_id: &str,
        body: String,
        card: Option<(CardRequest, Card)>,
        agent: &Agent,
    ) -> DeskResult<LocalMessage> {
        let missing = crate::templates::unfilled(&body);
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| format!("{{{m}}}")).collect();
            return Err(fiido_protocol::ApiError::field(
                fiido_protocol::ErrorCode::ValidationFailed,
                "body",
                format!("fill in {} before sending", names.join(", ")),
            ));
        }
        let client_id = uuid::Uuid::now_v7().to_string();
        let (card, local_card) = card.unzip();
        let shown = match &local_card {
            Some(card) if body.is_empty() => card.fallback_text(),
            _ => body.clone(),
        };
        let request = SendMessageRequest {
            body,
            client_id: Some(client_id.clone()),
            card,
        };
        let payload = serde_json::to_string(&request).map_err(storage)?;
        let now = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        tx.execute(
            "INSERT INTO messages (id, conversation_id, client_id, author, author_name, body, created_at, state, error, card) \
             VALUES (?1, ?2, ?1, 'agent', ?3, ?4, ?5, 'sending', NULL, ?6)",
            params![
                client_id,
                conversation_id,
                agent.name,
                shown,
                now,
                local_card.as_ref().map(serde_json::to_string).transpose().map_err(storage)?
            ],
        )
        .map_err(storage)?;
        tx.execute(
            "INSERT INTO outbox (client_id, kind, conversation_id, payload, state, created_at) \
             VALUES (?1, 'send_message', ?2, ?3, 'pending', ?4)",
            params![client_id, conversation_id, payload, now],
        )
        .map_err(storage)?;
        tx.execute(
            "DELETE FROM drafts WHERE conversation_id = ?1",
            params![conversation_id],
        )
        .map_err(storage)?;
        let message = tx
            .query_row(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?1"),
                params![client_id],
                message_from_row,
            )
            .map_err(storage)?;
        tx.commit().map_err(storage)?;
        Ok(message)
    }

    /// The oldest outbox row waiting to be delivered.
    pub fn next_pending(&self) -> DeskResult<Option<OutboxItem>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT client_id, kind, conversation_id, payload, attempts FROM outbox \
                 WHERE state = 'pending' ORDER BY position LIMIT 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                },
            )
            .optional()
            .map_err(storage)?;
        row.map(|(client_id, kind, conversation_id, payload, attempts)| {
            let action = match (kind.as_str(), conversation_id) {
                ("send_message", Some(conversation_id)) => OutboxAction::SendMessage(PendingSend {
                    conversation_id,
                    request: serde_json::from_str(&payload).map_err(storage)?,
                }),
                ("save_settings", _) => {
                    OutboxAction::SaveSettings(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("create_quick_reply", _) => {
                    OutboxAction::CreateQuickReply(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("update_quick_reply", _) => {
                    OutboxAction::UpdateQuickReply(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("create_article", _) => {
                    OutboxAction::CreateArticle(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("update_article", _) => {
                    OutboxAction::UpdateArticle(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("delete_quick_reply", _) => {
                    OutboxAction::DeleteQuickReply(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("reorder_quick_replies", _) => OutboxAction::ReorderQuickReplies(
                    serde_json::from_str(&payload).map_err(storage)?,
                ),
                ("record_use", _) => {
                    OutboxAction::RecordUse(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("patch_conversation", _) => OutboxAction::PatchConversation(
                    serde_json::from_str(&payload).map_err(storage)?,
                ),
                ("add_note", _) => {
                    OutboxAction::AddNote(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("assign", _) => {
                    OutboxAction::Assign(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("patch_customer", _) => {
                    OutboxAction::PatchCustomer(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("order_action", _) => {
                    OutboxAction::OrderAction(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("refund_decision", _) => {
                    OutboxAction::RefundDecision(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("create_ticket", _) => {
                    OutboxAction::CreateTicket(serde_json::from_str(&payload).map_err(storage)?)
                }
                ("patch_ticket", _) => {
                    OutboxAction::PatchTicket(serde_json::from_str(&payload).map_err(storage)?)
                }
                (other, _) => return Err(storage(format!("unknown outbox row kind {other}"))),
            };
            Ok(OutboxItem {
                client_id,
                attempts,
                action,
            })
        })
        .transpose()
    }

    /// The server accepted the send: its message replaces the optimistic one
    /// and the outbox row goes, in one transaction.
    pub fn complete_send(&self, client_id: &str, message: &Message) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_message(&tx, message)?;
        tx.execute(
            "DELETE FROM outbox WHERE client_id = ?1",
            params![client_id],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }

    /// A delivery attempt failed for a passing reason; the row stays queued.
    pub fn record_attempt(&self, client_id: &str, error: &str) -> DeskResult<()> {
        self.conn()
            .execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE client_id = ?1",
                params![client_id, error],
            )
            .map(|_| ())
            .map_err(storage)
    }

    /// The server refused the action for good: a message's bubble shows
    /// failed with the reason, and the queue moves on.
    pub fn fail_action(&self, client_id: &str, error: &str) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        tx.execute(
            "UPDATE outbox SET state = 'failed', last_error = ?2 WHERE client_id = ?1",
            params![client_id, error],
        )
        .map_err(storage)?;
        tx.execute(
            "UPDATE messages SET state = 'failed', error = ?2 WHERE client_id = ?1",
            params![client_id, error],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }

    /// Queues a failed send again (the agent pressed Retry).
    pub fn retry_send(&self, client_id: &str) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let n = tx
            .execute("UPDATE outbox SET state = 'pending', attempts = 0 WHERE client_id = ?1 AND state = 'failed'", params![client_id])
            .map_err(storage)?;
        if n == 1 {
            tx.execute(
                "UPDATE messages SET state = 'sending', error = NULL WHERE client_id = ?1",
                params![client_id],
            )
            .map_err(storage)?;
        }
        tx.commit().map_err(storage)
    }

    /// How many actions wait for delivery.
    pub fn queued_count(&self) -> DeskResult<i64> {
        self.conn()
            .query_row(
                "SELECT COUNT(*) FROM outbox WHERE state = 'pending'",
                [],
                |r| r.get(0),
            )
            .map_err(storage)
    }
}
