//! Keeps this instance's agent-presence rows fresh (see `db::presence`).

use std::time::Duration;

use crate::app::AppState;
use crate::db;

/// How often the rows are refreshed.
const EVERY: Duration = Duration::from_secs(30);

/// Runs until shutdown.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.clone();
    loop {
        let now = crate::clock::now_ms();
        if let Err(error) = db::presence::heartbeat(state.db.pool(), &state.instance_id, now).await
        {
            tracing::warn!(%error, "refreshing agent presence");
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}
