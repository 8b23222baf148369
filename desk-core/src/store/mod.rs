//! The local cache (DESIGN §1): a SQLite file per server and agent, in WAL
//! mode. All of the desktop's SQL lives under this module; the UI reads only
//! from here, so lists and chats open instantly and work offline.

mod apply;
mod batch;
mod cards;
mod conversation_actions;
mod customer_actions;
mod drafts;
mod erase;
mod knowledge;
mod media;
mod order_actions;
mod outbox;
mod read;
mod reminders;
mod replies;
mod reply_list;
mod schema;
mod search;
mod settings;
mod suggest;
mod tickets;
mod tracking;

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};

pub use apply::SnapshotApplied;
pub use batch::{BatchAction, BatchOutcome};
pub use conversation_actions::{ConversationUpdate, PendingAssignment, PendingNote};
pub use customer_actions::CustomerUpdate;
pub use media::{media_ids, MEDIA_PATH};
pub use order_actions::{OrderUpdate, RefundVerdict};
pub use outbox::{
    ArticleUpdate, OutboxAction, OutboxItem, PendingSend, QuickReplyUpdate, UseReport,
};
pub use read::DEFAULT_OVERDUE_MS;
pub use schema::VERSION as SCHEMA_VERSION;
pub use tickets::{TicketListFilter, TicketUpdate, UNNUMBERED};
pub use tracking::TrackingView;

use crate::error::{storage, DeskResult};

/// The cache. One connection behind a mutex: SQLite serialises writers anyway,
/// and every read the UI makes is a few indexed lookups.
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating and migrating) the cache file.
    pub fn open(path: &Path) -> DeskResult<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(storage)?;
        }
        let mut conn = Connection::open(path).map_err(storage)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(storage)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(storage)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(storage)?;
        // An erased customer's data must not linger in free pages (CUST-6).
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(storage)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(storage)?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// An in-memory cache, for tests and benchmarks.
    pub fn open_in_memory() -> DeskResult<Self> {
        let mut conn = Connection::open_in_memory().map_err(storage)?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable: SQLite
        // rolled back the interrupted transaction.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every row of a one-column query of protocol JSON, parsed.
    fn json_rows<T: serde::de::DeserializeOwned>(&self, sql: &str) -> DeskResult<Vec<T>> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(sql).map_err(storage)?;
        let rows = statement
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(storage)?;
        rows.map(|row| serde_json::from_str(&row.map_err(storage)?).map_err(storage))
            .collect()
    }

    /// The protocol JSON of the one row `sql` finds for `key`, parsed.
    fn json_row<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        key: &str,
    ) -> DeskResult<Option<T>> {
        let json: Option<String> = self
            .conn()
            .query_row(sql, [key], |r| r.get(0))
            .optional()
            .map_err(storage)?;
        json.map(|j| serde_json::from_str(&j).map_err(storage))
            .transpose()
    }

    /// The last event seq applied (0 before the first snapshot).
    pub fn last_seq(&self) -> DeskResult<i64> {
        self.conn()
            .query_row("SELECT last_seq FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })
            .map_err(storage)
    }

    /// Whether a snapshot was ever completed.
    pub fn has_snapshot(&self) -> DeskResult<bool> {
        self.conn()
            .query_row(
                "SELECT snapshot_done FROM sync_state WHERE id = 1",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|v| v != 0)
            .map_err(storage)
    }
}

/// Unix ms now, for local timestamps.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
