//! Per-conversation drafts (MSG-8): saved while the agent types, kept across
//! crashes and restarts.

use rusqlite::{params, OptionalExtension};

use super::{now_ms, Store};
use crate::error::{storage, DeskResult};

impl Store {
    /// Saves (or, when blank, clears) the draft of a conversation.
    pub fn save_draft(&self, conversation_id: &str, body: &str) -> DeskResult<()> {
        let conn = self.conn();
        if body.trim().is_empty() {
            conn.execute(
                "DELETE FROM drafts WHERE conversation_id = ?1",
                params![conversation_id],
            )
            .map_err(storage)?;
        } else {
            conn.execute(
                "INSERT OR REPLACE INTO drafts (conversation_id, body, updated_at) VALUES (?1, ?2, ?3)",
                params![conversation_id, body, now_ms()],
            )
            .map_err(storage)?;
        }
        Ok(())
    }

    /// The saved draft of a conversation.
    pub fn draft(&self, conversation_id: &str) -> DeskResult<Option<String>> {
        self.conn()
            .query_row(
                "SELECT body FROM drafts WHERE conversation_id = ?1",
                params![conversation_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage)
    }
}
