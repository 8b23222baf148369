//! Keeping the quick-reply lists and counting insertions (QR-1, KB-6): at
//! once in the cache, delivered through the outbox.

use fiido_desk_core::DeskError;
use fiido_protocol::api::QuickReplyOrder;
use fiido_protocol::model::{QuickReply, UsedKind};
use tauri::State;

use crate::session::AppState;

/// Deletes a quick reply the agent may change (their own; team ones for
/// leads and admins).
#[tauri::command]
#[specta::specta]
pub async fn delete_quick_reply(state: State<'_, AppState>, id: String) -> Result<(), DeskError> {
    state
        .with_session(|s| {
            s.store.enqueue_quick_reply_delete(&id, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(())
        })
        .await
}

/// Puts the replies of one list in the order given, first offered first.
#[tauri::command]
#[specta::specta]
pub async fn reorder_quick_replies(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<QuickReply>, DeskError> {
    state
        .with_session(|s| {
            let moved = s
                .store
                .enqueue_quick_reply_order(&QuickReplyOrder { ids }, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(moved)
        })
        .await
}

/// The agent put a quick reply or article into a reply: it counts towards
/// "inserted N times" and the most-used lists.
#[tauri::command]
#[specta::specta]
pub async fn note_inserted(
    state: State<'_, AppState>,
    item: UsedKind,
    id: String,
) -> Result<(), DeskError> {
    state
        .with_session(|s| {
            s.store.enqueue_use(item, &id)?;
            s.engine.outbox_changed();
            Ok(())
        })
        .await
}
