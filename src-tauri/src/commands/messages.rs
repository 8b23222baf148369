//! Sending through the outbox (MSG-1, MSG-2, MSG-8).

use fiido_desk_core::views::{ChangeNotice, LocalMessage};
use fiido_desk_core::DeskError;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::ipc::StoreChanged;
use crate::session::AppState;

/// Queues a message: it shows at once as "sending" and is delivered exactly
/// once when the link allows. The conversation's draft is cleared.
#[tauri::command]
#[specta::specta]
pub async fn send_message(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    body: String,
) -> Result<LocalMessage, DeskError> {
    let message = state
        .with_session(|s| {
            let message = s
                .store
                .enqueue_send(&conversation_id, &body, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(message)
        })
        .await?;
    let _ = StoreChanged(ChangeNotice {
        conversation_ids: vec![conversation_id],
        lists: true,
        ..Default::default()
    })
    .emit(&app);
    Ok(message)
}

/// Queues a failed message again.
#[tauri::command]
#[specta::specta]
pub async fn retry_message(state: State<'_, AppState>, client_id: String) -> Result<(), DeskError> {
    state
        .with_session(|s| {
            s.store.retry_send(&client_id)?;
            s.engine.outbox_changed();
            Ok(())
        })
        .await
}
