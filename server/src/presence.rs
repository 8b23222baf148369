//! Keeps this instance's agent-presence rows fresh (see `db::presence`).

use std::time::Duration;

use crate::app::AppState;
use crate::db;
use crate::error::AppResult;

/// How often the rows are refreshed.
const EVERY: Duration = Duration::from_secs(30);

/// Runs until shutdown.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.clone();
    loop {
        if let Err(error) = beat(&state).await {
            tracing::warn!(%error, "refreshing agent presence");
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn beat(state: &AppState) -> AppResult<()> {
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    db::presence::heartbeat(w.conn(), &state.instance_id, now).await?;
    w.commit().await
}

/// An agent's socket opened (`open`) or closed on this instance.
pub async fn record(state: &AppState, agent_id: &str, open: bool) {
    let result: AppResult<()> = async {
        let mut w = state.db.begin_write().await?;
        let now = w.now;
        if open {
            db::presence::connected(w.conn(), agent_id, &state.instance_id, now).await?;
        } else {
            db::presence::disconnected(w.conn(), agent_id, &state.instance_id).await?;
        }
        w.commit().await
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(%error, "recording an agent's presence");
    }
}
