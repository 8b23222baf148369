//! The agent's own settings in the cache (QR-3): read at once, saved locally
//! first and delivered through the outbox, so a change made offline holds.

use fiido_protocol::model::AgentSettings;
use fiido_protocol::{validate, ApiError, ErrorCode};
use rusqlite::{params, OptionalExtension};

use super::apply::upsert_settings;
use super::outbox::queue;
use super::Store;
use crate::error::{storage, DeskResult};

impl Store {
    /// The agent's settings; the defaults before the first snapshot.
    pub fn settings(&self) -> DeskResult<AgentSettings> {
        let json: Option<String> = self
            .conn()
            .query_row("SELECT json FROM agent_settings WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(storage)?;
        json.map(|j| serde_json::from_str(&j).map_err(storage))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Saves new settings: checked as the server will check them (slots
    /// 1..=9, once each, replies the agent has), written to the cache and
    /// queued for the server in one transaction. A newer save replaces a
    /// queued older one, so only the last reaches the server.
    pub fn enqueue_settings(&self, settings: &AgentSettings) -> DeskResult<AgentSettings> {
        let settings = validate::settings(settings)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        for slot in &settings.slots {
            let known: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM quick_replies WHERE id = ?1)",
                    params![slot.quick_reply_id],
                    |r| r.get(0),
                )
                .map_err(storage)?;
            if !known {
                return Err(ApiError::field(
                    ErrorCode::ValidationFailed,
                    "slots",
                    format!("Ctrl+{}: that quick reply no longer exists", slot.slot),
                ));
            }
        }
        upsert_settings(&tx, &settings)?;
        tx.execute(
            "DELETE FROM outbox WHERE kind = 'save_settings' AND state = 'pending'",
            [],
        )
        .map_err(storage)?;
        queue(&tx, "save_settings", None, &settings)?;
        tx.commit().map_err(storage)?;
        Ok(settings)
    }

    /// The server took the settings: its copy is kept and the row goes.
    pub fn complete_settings(&self, client_id: &str, settings: &AgentSettings) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let newer_queued: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE kind = 'save_settings' \
                 AND state = 'pending' AND client_id <> ?1)",
                params![client_id],
                |r| r.get(0),
            )
            .map_err(storage)?;
        if !newer_queued {
            upsert_settings(&tx, settings)?;
        }
        tx.execute(
            "DELETE FROM outbox WHERE client_id = ?1",
            params![client_id],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)
    }
}
