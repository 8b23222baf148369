//! The last tracking seen for each order (COM-3): the panel shows it when
//! the carrier cannot be asked (offline), saying how old it is.

use fiido_protocol::tickets::Tracking;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::Store;
use crate::error::{storage, DeskResult};

/// A parcel's tracking and when the desk last heard it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TrackingView {
    pub tracking: Tracking,
    pub checked_at: i64,
    /// False when this is the copy kept from an earlier check (offline).
    pub live: bool,
}

impl Store {
    /// Keeps what the carrier said about an order's parcel.
    pub fn save_tracking(&self, order_id: &str, tracking: &Tracking, at: i64) -> DeskResult<()> {
        let json = serde_json::to_string(tracking).map_err(storage)?;
        self.conn()
            .execute(
                "INSERT OR REPLACE INTO tracking (order_id, checked_at, json) VALUES (?1, ?2, ?3)",
                params![order_id, at, json],
            )
            .map_err(storage)?;
        Ok(())
    }

    /// The tracking last kept for an order, if any.
    pub fn kept_tracking(&self, order_id: &str) -> DeskResult<Option<TrackingView>> {
        let row: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT checked_at, json FROM tracking WHERE order_id = ?1",
                params![order_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(storage)?;
        row.map(|(checked_at, json)| {
            Ok(TrackingView {
                tracking: serde_json::from_str(&json).map_err(storage)?,
                checked_at,
                live: false,
            })
        })
        .transpose()
    }
}
