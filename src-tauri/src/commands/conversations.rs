//! Reading conversations from the cache, and drafts (CONV-1..3, MSG-8).

use fiido_desk_core::views::{
    ConversationDetail, ConversationFilter, ConversationPage, FilterCounts, TagCount,
};
use fiido_desk_core::DeskError;
use fiido_protocol::limits::PAGE_MAX;
use fiido_protocol::{ApiError, ErrorCode};
use tauri::State;

use crate::session::AppState;

/// One page of the filtered conversation list.
#[tauri::command]
#[specta::specta]
pub async fn list_conversations(
    state: State<'_, AppState>,
    filter: ConversationFilter,
    offset: u32,
    limit: u32,
) -> Result<ConversationPage, DeskError> {
    let limit = limit.clamp(1, PAGE_MAX);
    log_first_list();
    state
        .with_session(|s| {
            s.store
                .list_conversations(&filter, i64::from(offset), i64::from(limit))
        })
        .await
}

/// The counts on the filter tabs.
#[tauri::command]
#[specta::specta]
pub async fn filter_counts(state: State<'_, AppState>) -> Result<FilterCounts, DeskError> {
    state.with_session(|s| s.store.filter_counts()).await
}

/// A conversation with its messages, customer, orders and draft.
#[tauri::command]
#[specta::specta]
pub async fn open_conversation(
    state: State<'_, AppState>,
    id: String,
) -> Result<ConversationDetail, DeskError> {
    state
        .with_session(|s| s.store.conversation_detail(&id))
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "this conversation is not in the cache (any more)",
            )
        })
}

/// Saves the composer's draft of a conversation.
#[tauri::command]
#[specta::specta]
pub async fn save_draft(
    state: State<'_, AppState>,
    conversation_id: String,
    body: String,
) -> Result<(), DeskError> {
    state
        .with_session(|s| s.store.save_draft(&conversation_id, &body))
        .await
}

/// Logs, once, how long after process start the UI asked for its first
/// conversation list (the cold-start figure of docs/performance.md).
fn log_first_list() {
    static LOGGED: std::sync::Once = std::sync::Once::new();
    LOGGED.call_once(|| {
        tracing::info!(ms = crate::since_start_ms(), "first conversation list");
    });
}

/// Every tag in use with its count, for the tag filter (CONV-5).
#[tauri::command]
#[specta::specta]
pub async fn tag_counts(state: State<'_, AppState>) -> Result<Vec<TagCount>, DeskError> {
    state.with_session(|s| s.store.tag_counts()).await
}
