//! Turns cache changes into notifications and tray counts: the rules live in
//! desk-core (`alerts`), the OS parts in `os/`.

use std::sync::atomic::Ordering;
use std::sync::{Mutex, OnceLock};

use fiido_desk_core::alerts::AlertRules;
use fiido_desk_core::store::Store;
use fiido_desk_core::views::ChangeNotice;
use tauri::{AppHandle, Manager};

use crate::os::notify::Notifier;
use crate::os::tray::Tray;

/// The app's alerting parts.
#[derive(Default)]
pub struct Alerts {
    rules: Mutex<AlertRules>,
    notifier: Notifier,
    /// Set once the tray exists (it may not on a desktop without one).
    pub tray: OnceLock<Tray>,
}

impl Alerts {
    /// Reacts to a change of the cache: notifies and updates the tray.
    pub fn on_change(&self, app: &AppHandle, store: &Store, change: &ChangeNotice) {
        let focused = app
            .get_webview_window("main")
            .and_then(|w| w.is_focused().ok())
            .unwrap_or(false);
        let dnd = self
            .tray
            .get()
            .is_some_and(|t| t.do_not_disturb.load(Ordering::Relaxed));
        if !change.conversation_ids.is_empty() {
            match store.cards(&change.conversation_ids) {
                Ok(cards) => {
                    for card in cards {
                        let store_name = store
                            .store_name(&card.store_id)
                            .ok()
                            .flatten()
                            .unwrap_or_default();
                        let notice = match self.rules.lock() {
                            Ok(mut rules) => rules.on_change(&card, &store_name, focused, dnd),
                            Err(_) => None,
                        };
                        if let Some(notice) = notice {
                            tracing::info!(conversation = %notice.conversation_id, kind = ?notice.kind, "notifying");
                            self.notifier.show(app, &notice);
                        }
                    }
                }
                Err(error) => {
                    tracing::warn!(message = %error.message, "reading changed conversations")
                }
            }
        }
        self.refresh_tray(store);
    }

    /// Puts the current counts on the tray.
    pub fn refresh_tray(&self, store: &Store) {
        if let (Some(tray), Ok((waiting, vip))) = (self.tray.get(), store.waiting_counts()) {
            tray.update(waiting, vip);
        }
    }
}
