//! The Ctrl+K palette (CONV-7): one query over the local cache, so it
//! answers as the agent types, offline too.

use fiido_desk_core::views::SearchResults;
use fiido_desk_core::DeskError;
use tauri::State;

use crate::session::AppState;

/// Results of each kind shown in the palette.
const PER_KIND: usize = 6;

/// Customers, orders, products, messages and articles matching `query`.
#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String) -> Result<SearchResults, DeskError> {
    state
        .with_session(|s| s.store.search(&query, PER_KIND))
        .await
}
