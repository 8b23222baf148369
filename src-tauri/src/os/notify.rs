//! OS notifications (PLAT-2) through notify-rust: one per conversation,
//! replaced as it changes; its default action raises the window on that
//! conversation.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fiido_desk_core::alerts::Notice;
use notify_rust::{Notification, Urgency};
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::ipc::FocusConversation;

/// The notifications on screen, by `Notice::key`.
#[derive(Default, Clone)]
pub struct Notifier {
    shown: Arc<Mutex<HashMap<String, u32>>>,
}

impl Notifier {
    /// Shows a notice, replacing the conversation's earlier one.
    pub fn show(&self, app: &AppHandle, notice: &Notice) {
        let existing = self
            .shown
            .lock()
            .ok()
            .and_then(|m| m.get(&notice.key()).copied());
        let mut notification = Notification::new();
        notification
            .appname("Fiido Desk")
            .summary(&notice.summary)
            .body(&notice.body)
            .action("default", &fiido_desk_core::language::tr("notify.open"))
            .urgency(if notice.critical {
                Urgency::Critical
            } else {
                Urgency::Normal
            });
        if let Some(id) = existing {
            notification.id(id);
        }
        let handle = match notification.show() {
            Ok(handle) => handle,
            Err(error) => {
                tracing::warn!(%error, "could not show a notification");
                return;
            }
        };
        if existing.is_some() {
            // The thread waiting on the first one also receives this one's action.
            return;
        }
        if let Ok(mut shown) = self.shown.lock() {
            shown.insert(notice.key(), handle.id());
        }
        let (app, shown, key, conversation_id) = (
            app.clone(),
            self.shown.clone(),
            notice.key(),
            notice.conversation_id.clone(),
        );
        std::thread::spawn(move || {
            handle.wait_for_action(|action| {
                if action == "default" {
                    raise(&app);
                    if !conversation_id.is_empty() {
                        let _ = FocusConversation {
                            conversation_id: conversation_id.clone(),
                        }
                        .emit(&app);
                    }
                }
            });
            if let Ok(mut shown) = shown.lock() {
                shown.remove(&key);
            }
        });
    }
}

/// Brings the main window forward (from the tray, minimised or behind).
pub fn raise(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}
