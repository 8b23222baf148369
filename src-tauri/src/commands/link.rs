//! The link state, for the badge the UI always shows.

use fiido_desk_core::views::LinkState;
use fiido_desk_core::DeskError;
use tauri::State;

use crate::session::AppState;

/// Online / connecting / offline, and the queued count.
#[tauri::command]
#[specta::specta]
pub async fn link_state(state: State<'_, AppState>) -> Result<LinkState, DeskError> {
    Ok(state.link_state().await)
}
