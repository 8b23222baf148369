//! Simulated customer traffic through the widget's API.

use crate::cli::SimulateArgs;

/// Plays customers until the duration is over.
pub async fn run(_args: SimulateArgs) -> anyhow::Result<()> {
    Ok(())
}
