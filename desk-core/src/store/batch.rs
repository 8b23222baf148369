//! Working on several conversations at once (CONV-10): the same reply, a tag
//! or closing, each queued as the single action would be (offline too); and
//! an export of their transcripts as CSV.

use fiido_protocol::api::ConversationPatch;
use fiido_protocol::model::{Agent, ConversationStatus};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::read::{message_from_row, MESSAGE_COLUMNS};
use super::Store;
use crate::error::{storage, DeskResult};
use crate::views::LocalMessage;

/// What to do with every selected conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BatchAction {
    /// Send the same reply to each.
    Reply { body: String },
    /// Add a tag to each.
    Tag { tag: String },
    /// Close each.
    Close,
}

/// How a batch went: how many took the action, and why the others did not.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct BatchOutcome {
    pub done: u32,
    pub problems: Vec<String>,
}

impl Store {
    /// Applies `action` to each conversation, one queued action each.
    pub fn enqueue_batch(
        &self,
        ids: &[String],
        action: &BatchAction,
        agent: &Agent,
    ) -> DeskResult<BatchOutcome> {
        let mut outcome = BatchOutcome::default();
        for id in ids {
            let result = match action {
                BatchAction::Reply { body } => self.enqueue_send(id, body, agent).map(drop),
                BatchAction::Tag { tag } => self.conversation(id).and_then(|c| {
                    let mut tags = c.map(|c| c.tags).unwrap_or_default();
                    if !tags.contains(tag) {
                        tags.push(tag.clone());
                    }
                    self.enqueue_conversation_patch(
                        id,
                        &ConversationPatch {
                            tags: Some(tags),
                            ..Default::default()
                        },
                    )
                    .map(drop)
                }),
                BatchAction::Close => self
                    .enqueue_conversation_patch(
                        id,
                        &ConversationPatch {
                            status: Some(ConversationStatus::Closed),
                            ..Default::default()
                        },
                    )
                    .map(drop),
            };
            match result {
                Ok(()) => outcome.done += 1,
                Err(e) => outcome.problems.push(e.message),
            }
        }
        Ok(outcome)
    }

    /// The transcripts of the conversations as CSV: one row per message
    /// (conversation, customer, status, tags, time in ISO 8601 UTC, author,
    /// text), in the order of `ids`, oldest message first.
    pub fn export_csv(&self, ids: &[String]) -> DeskResult<String> {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "conversation",
            "customer",
            "status",
            "tags",
            "time",
            "author",
            "message",
        ])
        .map_err(storage)?;
        for id in ids {
            let Some(detail) = self.conversation_detail(id)? else {
                continue;
            };
            let card = &detail.card;
            for m in self.transcript(id)? {
                let time = jiff::Timestamp::from_millisecond(m.created_at)
                    .map(|t| t.to_string())
                    .unwrap_or_default();
                out.write_record([
                    card.id.as_str(),
                    card.customer_name.as_str(),
                    card.status.as_str(),
                    &card.tags.join(" "),
                    &time,
                    &format!("{} ({})", m.author_name, m.author.as_str()),
                    m.body.as_str(),
                ])
                .map_err(storage)?;
            }
        }
        let bytes = out.into_inner().map_err(storage)?;
        String::from_utf8(bytes).map_err(storage)
    }
}

impl Store {
    /// Every message of a conversation the agent has not hidden, oldest first.
    fn transcript(&self, id: &str) -> DeskResult<Vec<LocalMessage>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare(&format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ?1 \
                 AND id NOT IN (SELECT message_id FROM hidden_messages) ORDER BY created_at, id"
            ))
            .map_err(storage)?;
        let rows = statement
            .query_map(rusqlite::params![id], message_from_row)
            .map_err(storage)?;
        rows.collect::<rusqlite::Result<_>>().map_err(storage)
    }
}
