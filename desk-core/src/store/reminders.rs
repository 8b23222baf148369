//! Follow-up reminders (CUST-5): "remind me in 3 days" on a conversation,
//! kept in this desk's cache and fired by the desk's clock, so they work
//! offline; each fires once.

use fiido_protocol::{ApiError, ErrorCode};
use rusqlite::params;

use super::Store;
use crate::error::{storage, DeskResult};
use crate::views::Reminder;

/// The longest a note on a reminder may be.
const NOTE_MAX_CHARS: usize = 500;

fn reminder_from_row(row: &rusqlite::Row) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        due_at: row.get(2)?,
        note: row.get(3)?,
    })
}

impl Store {
    /// Sets a reminder on a conversation, due at `due_at` (Unix ms, after `now`).
    pub fn add_reminder(
        &self,
        conversation_id: &str,
        due_at: i64,
        note: &str,
        now: i64,
    ) -> DeskResult<Reminder> {
        if due_at <= now {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "due_at",
                "a reminder is for later",
            ));
        }
        let note = note.trim();
        if note.chars().count() > NOTE_MAX_CHARS {
            return Err(ApiError::field(
                ErrorCode::TooLarge,
                "note",
                format!("a reminder's note is at most {NOTE_MAX_CHARS} characters"),
            ));
        }
        if self.conversation(conversation_id)?.is_none() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "that conversation is not here",
            ));
        }
        let reminder = Reminder {
            id: uuid::Uuid::now_v7().to_string(),
            conversation_id: conversation_id.to_owned(),
            due_at,
            note: note.to_owned(),
        };
        self.conn()
            .execute(
                "INSERT INTO reminders (id, conversation_id, due_at, note) VALUES (?1, ?2, ?3, ?4)",
                params![
                    reminder.id,
                    reminder.conversation_id,
                    reminder.due_at,
                    reminder.note
                ],
            )
            .map_err(storage)?;
        Ok(reminder)
    }

    /// The reminders still to come on a conversation, soonest first.
    pub fn reminders(&self, conversation_id: &str) -> DeskResult<Vec<Reminder>> {
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached(
                "SELECT id, conversation_id, due_at, note FROM reminders \
                 WHERE conversation_id = ?1 AND fired = 0 ORDER BY due_at",
            )
            .map_err(storage)?;
        let rows = statement
            .query_map(params![conversation_id], reminder_from_row)
            .map_err(storage)?;
        rows.collect::<rusqlite::Result<_>>().map_err(storage)
    }

    /// Cancels a reminder.
    pub fn cancel_reminder(&self, id: &str) -> DeskResult<()> {
        self.conn()
            .execute("DELETE FROM reminders WHERE id = ?1", params![id])
            .map(drop)
            .map_err(storage)
    }

    /// The reminders due at `now`, each handed out once (marked fired in the
    /// same transaction).
    pub fn take_due_reminders(&self, now: i64) -> DeskResult<Vec<Reminder>> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        let due: Vec<Reminder> = {
            let mut statement = tx
                .prepare(
                    "SELECT id, conversation_id, due_at, note FROM reminders \
                     WHERE fired = 0 AND due_at <= ?1 ORDER BY due_at",
                )
                .map_err(storage)?;
            let rows = statement
                .query_map(params![now], reminder_from_row)
                .map_err(storage)?;
            rows.collect::<rusqlite::Result<_>>().map_err(storage)?
        };
        tx.execute(
            "UPDATE reminders SET fired = 1 WHERE fired = 0 AND due_at <= ?1",
            params![now],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)?;
        Ok(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_fires_once_when_due_and_not_before() {
        let store = Store::open_in_memory().unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO conversations (id, customer_id, status, pinned, starred, sort_at, waiting_since, json) \
                 VALUES ('c1', 'u1', 'active', 0, 0, 0, NULL, ?1)",
                params![serde_json::json!({
                    "id": "c1", "store_id": "s", "customer_id": "u1", "status": "active",
                    "assignee_id": null, "channel": "web", "tags": [], "pinned": false, "starred": false,
                    "last_message": null, "waiting_since": null, "unread_count": 0,
                    "order_number": null, "created_at": 0, "updated_at": 0
                })
                .to_string()],
            )
            .unwrap();
        let day = 86_400_000;
        assert_eq!(
            store
                .add_reminder("c1", 5, "too late", 10)
                .unwrap_err()
                .code,
            ErrorCode::ValidationFailed
        );
        let r = store
            .add_reminder("c1", 3 * day, "Ask about the photo", 0)
            .unwrap();
        assert_eq!(store.reminders("c1").unwrap(), vec![r.clone()]);
        assert!(store.take_due_reminders(3 * day - 1).unwrap().is_empty());
        assert_eq!(store.take_due_reminders(3 * day).unwrap(), vec![r]);
        assert!(
            store.take_due_reminders(4 * day).unwrap().is_empty(),
            "once"
        );
        assert!(store.reminders("c1").unwrap().is_empty());
    }
}
