//! Sending through the outbox (MSG-1, MSG-2, MSG-8).

use fiido_desk_core::views::{ChangeNotice, LocalMessage};
use fiido_desk_core::DeskError;
use fiido_protocol::cards::{CardRequest, Coupon};
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
        .with_session(|s| s.store.enqueue_send(&conversation_id, &body, &s.info.agent))
        .await?;
    queued(&app, &state, conversation_id).await;
    Ok(message)
}

/// Queues a product, order or coupon card with an optional caption (MSG-4,
/// COM-5); it shows at once, as the outbox delivers it.
#[tauri::command]
#[specta::specta]
pub async fn send_card(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    card: CardRequest,
    caption: String,
) -> Result<LocalMessage, DeskError> {
    let message = state
        .with_session(|s| {
            s.store
                .enqueue_card(&conversation_id, &caption, card, &s.info.agent)
        })
        .await?;
    queued(&app, &state, conversation_id).await;
    Ok(message)
}

/// The coupons of a store that still work (COM-5), for the composer.
#[tauri::command]
#[specta::specta]
pub async fn coupons(
    state: State<'_, AppState>,
    store_id: String,
) -> Result<Vec<Coupon>, DeskError> {
    state.with_session(|s| s.store.coupons(&store_id)).await
}

/// Wakes the outbox and tells the window a conversation changed.
async fn queued(app: &AppHandle, state: &AppState, conversation_id: String) {
    let _ = state
        .with_session(|s| {
            s.engine.outbox_changed();
            Ok(())
        })
        .await;
    let _ = StoreChanged(ChangeNotice {
        conversation_ids: vec![conversation_id],
        lists: true,
        ..Default::default()
    })
    .emit(app);
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
