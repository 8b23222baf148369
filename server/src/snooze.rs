//! Snoozed conversations come back when their time is up (CONV-9): a sweep
//! once a second reopens every conversation due, each with its event, so
//! every desk sees it return. (A customer writing brings it back at once:
//! see `chat::post_message`.)

use std::time::Duration;

use fiido_protocol::model::ConversationStatus;
use sqlx::Row;

use crate::app::AppState;
use crate::chat;
use crate::db;
use crate::error::AppResult;

/// How often the sweep runs.
const EVERY: Duration = Duration::from_secs(1);

/// Runs until shutdown.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.clone();
    loop {
        if let Err(error) = wake_due(&state).await {
            tracing::warn!(%error, "waking snoozed conversations");
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn wake_due(state: &AppState) -> AppResult<()> {
    let now = crate::clock::now_ms();
    let due: Vec<String> = sqlx::query(
        "SELECT id FROM conversations WHERE status = 'snoozed' AND snoozed_until <= $1",
    )
    .bind(now)
    .fetch_all(state.db.pool())
    .await?
    .iter()
    .map(|row| row.try_get("id"))
    .collect::<Result<_, _>>()?;
    if due.is_empty() {
        return Ok(());
    }
    let mut w = state.db.begin_write().await?;
    for id in due {
        // Read again inside the transaction: the customer may have written.
        let Some(mut c) = db::conversations::by_id_in(w.conn(), &id).await? else {
            continue;
        };
        if c.status != ConversationStatus::Snoozed {
            continue;
        }
        c.status = ConversationStatus::Active;
        c.snoozed_until = None;
        chat::save_conversation(&mut w, c).await?;
    }
    w.commit().await?;
    Ok(())
}
