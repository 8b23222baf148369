//! What an agent does with a conversation (CONV-4, CONV-5, CONV-6, CONV-9),
//! offline first: pin, star, tag, close or reopen it, write an internal note,
//! claim or transfer it. Each changes the cache at once and is queued in the
//! outbox in the same transaction; the server's answer replaces the guess.

use fiido_protocol::api::{AssignRequest, ConversationPatch, NewNote};
use fiido_protocol::model::{Agent, Conversation};
use fiido_protocol::{validate, ApiError, ErrorCode};
use rusqlite::params;

use super::apply::upsert_conversation;
use super::outbox::queue;
use super::read::{message_from_row, MESSAGE_COLUMNS};
use super::{now_ms, Store};
use crate::error::{storage, DeskResult};
use crate::views::LocalMessage;

/// A queued change of one conversation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConversationUpdate {
    pub id: String,
    pub patch: ConversationPatch,
}

/// A queued internal note.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingNote {
    pub conversation_id: String,
    pub request: NewNote,
}

/// A queued claim, transfer or release.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingAssignment {
    pub conversation_id: String,
    pub request: AssignRequest,
}

fn gone() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "that conversation is no longer here")
}

impl Store {
    /// A conversation as the server last sent it (plus the agent's queued changes).
    pub fn conversation(&self, id: &str) -> DeskResult<Option<Conversation>> {
        self.json_row("SELECT json FROM conversations WHERE id = ?1", id)
    }

    /// Pins, stars, tags, closes or reopens a conversation.
    pub fn enqueue_conversation_patch(
        &self,
        id: &str,
        patch: &ConversationPatch,
    ) -> DeskResult<Conversation> {
        let patch = validate::conversation_patch(patch, crate::clock::now_ms())?;
        let mut c = self.conversation(id)?.ok_or_else(gone)?;
        c.apply_patch(&patch);
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_conversation(&tx, &c)?;
        queue(
            &tx,
            "patch_conversation",
            Some(id),
            &ConversationUpdate {
                id: id.to_owned(),
                patch,
            },
        )?;
        tx.commit().map_err(storage)?;
        Ok(c)
    }

    /// Writes an internal note: shown at once (marked sending), delivered
    /// through the outbox like a message, never to the customer.
    pub fn enqueue_note(
        &self,
        conversation_id: &str,
        body: &str,
        agent: &Agent,
    ) -> DeskResult<LocalMessage> {
        self.conversation(conversation_id)?.ok_or_else(gone)?;
        let client_id = uuid::Uuid::now_v7().to_string();
        let request = validate::new_note(&NewNote {
            body: body.to_owned(),
            client_id: Some(client_id.clone()),
        })?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        tx.execute(
            "INSERT INTO messages (id, conversation_id, client_id, author, author_name, body, created_at, state, error) \
             VALUES (?1, ?2, ?1, 'note', ?3, ?4, ?5, 'sending', NULL)",
            params![client_id, conversation_id, agent.name, request.body, now_ms()],
        )
        .map_err(storage)?;
        tx.execute(
            "INSERT INTO outbox (client_id, kind, conversation_id, payload, state, created_at) \
             VALUES (?1, 'add_note', ?2, ?3, 'pending', ?4)",
            params![
                client_id,
                conversation_id,
                serde_json::to_string(&PendingNote {
                    conversation_id: conversation_id.to_owned(),
                    request: request.clone(),
                })
                .map_err(storage)?,
                now_ms()
            ],
        )
        .map_err(storage)?;
        let note = tx
            .query_row(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?1"),
                params![client_id],
                message_from_row,
            )
            .map_err(storage)?;
        tx.commit().map_err(storage)?;
        Ok(note)
    }

    /// Claims (`assignee_id` = the agent), transfers (a colleague, with a
    /// note) or releases (None) a conversation. The server settles races: a
    /// refused claim puts its copy back and tells the agent why.
    pub fn enqueue_assignment(
        &self,
        conversation_id: &str,
        request: &AssignRequest,
    ) -> DeskResult<Conversation> {
        let request = validate::assign_request(request)?;
        let mut c = self.conversation(conversation_id)?.ok_or_else(gone)?;
        c.assignee_id = request.assignee_id.clone();
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_conversation(&tx, &c)?;
        queue(
            &tx,
            "assign",
            Some(conversation_id),
            &PendingAssignment {
                conversation_id: conversation_id.to_owned(),
                request,
            },
        )?;
        tx.commit().map_err(storage)?;
        Ok(c)
    }

    /// The server's copy of a conversation after a delivered action (unless
    /// another change of it is still queued) and the row goes.
    pub fn complete_conversation(
        &self,
        client_id: &str,
        conversation: &Conversation,
    ) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let later: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'pending' AND client_id <> ?1 \
                 AND conversation_id = ?2 AND kind IN ('patch_conversation', 'assign'))",
                params![client_id, conversation.id],
                |r| r.get(0),
            )
            .map_err(storage)?;
        if !later {
            upsert_conversation(&tx, conversation)?;
        }
        tx.execute(
            "DELETE FROM outbox WHERE client_id = ?1",
            params![client_id],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }

    /// Puts the server's copy of a conversation back (a refused action).
    pub fn restore_conversation(&self, conversation: &Conversation) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_conversation(&tx, conversation)?;
        tx.commit().map_err(storage)
    }
}

impl Store {
    /// The colleagues who serve a store (admins serve every store), by name:
    /// whom a conversation of it can be transferred to.
    pub fn colleagues(&self, store_id: &str) -> DeskResult<Vec<Agent>> {
        let mut agents: Vec<Agent> = self.json_rows("SELECT json FROM agents")?;
        agents.retain(|a| {
            a.role == fiido_protocol::model::Role::Admin
                || a.store_ids.iter().any(|s| s == store_id)
        });
        agents.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(agents)
    }
}

impl Store {
    /// Keeps a message as the server now has it (a recalled reply).
    pub fn save_message(&self, message: &fiido_protocol::model::Message) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        super::apply::upsert_message(&tx, message)?;
        tx.commit().map_err(storage)
    }
}

impl Store {
    /// Hides a message in this desk only ("delete for me", MSG-6).
    pub fn hide_message(&self, message_id: &str) -> DeskResult<()> {
        self.conn()
            .execute(
                "INSERT OR IGNORE INTO hidden_messages (message_id) VALUES (?1)",
                rusqlite::params![message_id],
            )
            .map(drop)
            .map_err(storage)
    }
}
