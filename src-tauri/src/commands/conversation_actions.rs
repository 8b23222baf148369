//! What an agent does with a conversation (CONV-4, CONV-5, CONV-6, CONV-9):
//! at once in the cache, delivered through the outbox.

use fiido_desk_core::views::{ChangeNotice, LocalMessage};
use fiido_desk_core::DeskError;
use fiido_protocol::api::{AssignRequest, ConversationPatch};
use fiido_protocol::model::{Agent, Conversation};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::ipc::StoreChanged;
use crate::session::AppState;

/// The list and the open conversation re-read after a local change.
pub(super) fn changed(app: &AppHandle, conversation_id: &str) {
    let _ = StoreChanged(ChangeNotice {
        conversation_ids: vec![conversation_id.to_owned()],
        lists: true,
        ..Default::default()
    })
    .emit(app);
}

/// Pins, stars, tags, closes or reopens a conversation.
#[tauri::command]
#[specta::specta]
pub async fn update_conversation(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    patch: ConversationPatch,
) -> Result<Conversation, DeskError> {
    let c = state
        .with_session(|s| {
            let c = s.store.enqueue_conversation_patch(&id, &patch)?;
            s.engine.outbox_changed();
            Ok(c)
        })
        .await?;
    changed(&app, &id);
    Ok(c)
}

/// Writes an internal note (never sent to the customer); `@Name` tells a colleague.
#[tauri::command]
#[specta::specta]
pub async fn add_note(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    body: String,
) -> Result<LocalMessage, DeskError> {
    let note = state
        .with_session(|s| {
            let note = s
                .store
                .enqueue_note(&conversation_id, &body, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(note)
        })
        .await?;
    changed(&app, &conversation_id);
    Ok(note)
}

/// Claims (the agent's own id), transfers (a colleague's, with a note) or
/// releases (null) a conversation.
#[tauri::command]
#[specta::specta]
pub async fn assign_conversation(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    assignee_id: Option<String>,
    note: Option<String>,
) -> Result<Conversation, DeskError> {
    let c = state
        .with_session(|s| {
            let c = s
                .store
                .enqueue_assignment(&conversation_id, &AssignRequest { assignee_id, note })?;
            s.engine.outbox_changed();
            Ok(c)
        })
        .await?;
    changed(&app, &conversation_id);
    Ok(c)
}

/// Who a conversation of this store can go to.
#[tauri::command]
#[specta::specta]
pub async fn colleagues(
    state: State<'_, AppState>,
    store_id: String,
) -> Result<Vec<Agent>, DeskError> {
    state.with_session(|s| s.store.colleagues(&store_id)).await
}

/// Tells the customer the agent is typing (MSG-7); the composer calls it at
/// most every few seconds. Offline it does nothing.
#[tauri::command]
#[specta::specta]
pub async fn agent_typing(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<(), DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    if let Err(e) = client.typing(&conversation_id).await {
        tracing::debug!(error = ?e, "typing signal not sent");
    }
    Ok(())
}

/// Takes back the agent's own reply within two minutes of sending (MSG-6).
/// It needs the server (it decides the two minutes): offline it answers
/// `unreachable`.
#[tauri::command]
#[specta::specta]
pub async fn recall_message(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    message_id: String,
) -> Result<(), DeskError> {
    let (client, store) = state
        .with_session(|s| Ok((s.client.clone(), s.store.clone())))
        .await?;
    let message = client.recall(&conversation_id, &message_id).await?;
    store.save_message(&message)?;
    changed(&app, &conversation_id);
    Ok(())
}

/// Tags, blocks or unblocks a customer (CUST-4); leads and admins also set
/// the VIP level.
#[tauri::command]
#[specta::specta]
pub async fn update_customer(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    patch: fiido_protocol::api::CustomerPatch,
) -> Result<fiido_protocol::model::Customer, DeskError> {
    let customer = state
        .with_session(|s| {
            let c = s.store.enqueue_customer_patch(&id, &patch, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(c)
        })
        .await?;
    let _ = StoreChanged(ChangeNotice {
        lists: true,
        ..Default::default()
    })
    .emit(&app);
    Ok(customer)
}

/// Deletes a message for this agent only (MSG-6): hidden in this desk, kept
/// for the customer and the team.
#[tauri::command]
#[specta::specta]
pub async fn hide_message(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    message_id: String,
) -> Result<(), DeskError> {
    state
        .with_session(|s| s.store.hide_message(&message_id))
        .await?;
    changed(&app, &conversation_id);
    Ok(())
}

/// Applies one action to several conversations (CONV-10): the same reply,
/// a tag, or closing; each queued like the single action.
#[tauri::command]
#[specta::specta]
pub async fn batch_conversations(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<String>,
    action: fiido_desk_core::store::BatchAction,
) -> Result<fiido_desk_core::store::BatchOutcome, DeskError> {
    let outcome = state
        .with_session(|s| {
            let outcome = s.store.enqueue_batch(&ids, &action, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(outcome)
        })
        .await?;
    let _ = StoreChanged(ChangeNotice {
        conversation_ids: ids,
        lists: true,
        ..Default::default()
    })
    .emit(&app);
    Ok(outcome)
}

/// Writes the conversations' transcripts as CSV to the Downloads folder
/// (else the app's data folder) and answers the file's path.
#[tauri::command]
#[specta::specta]
pub async fn export_conversations(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<String, DeskError> {
    let csv = state.with_session(|s| s.store.export_csv(&ids)).await?;
    let dir = super::files::downloads(&app)?;
    let path = dir.join(format!(
        "fiido-conversations-{}.csv",
        fiido_desk_core::clock::now_ms()
    ));
    std::fs::write(&path, csv).map_err(fiido_desk_core::error::storage)?;
    Ok(path.display().to_string())
}

/// Sets a follow-up reminder on a conversation (CUST-5): the desk notifies
/// when it is due, offline too.
#[tauri::command]
#[specta::specta]
pub async fn add_reminder(
    state: State<'_, AppState>,
    conversation_id: String,
    due_at: i64,
    note: String,
) -> Result<fiido_desk_core::views::Reminder, DeskError> {
    state
        .with_session(|s| {
            s.store.add_reminder(
                &conversation_id,
                due_at,
                &note,
                fiido_desk_core::clock::now_ms(),
            )
        })
        .await
}

/// The reminders still to come on a conversation.
#[tauri::command]
#[specta::specta]
pub async fn reminders(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<Vec<fiido_desk_core::views::Reminder>, DeskError> {
    state
        .with_session(|s| s.store.reminders(&conversation_id))
        .await
}

/// Cancels a reminder.
#[tauri::command]
#[specta::specta]
pub async fn cancel_reminder(state: State<'_, AppState>, id: String) -> Result<(), DeskError> {
    state.with_session(|s| s.store.cancel_reminder(&id)).await
}

/// The desk's clock in Unix ms (the fake one in tests), so "in 3 days"
/// counts from the same now that fires the reminder.
#[tauri::command]
#[specta::specta]
pub fn desk_now() -> i64 {
    fiido_desk_core::clock::now_ms()
}
