//! Turns cache changes into notifications and tray counts: the rules live in
//! desk-core (`alerts`), the OS parts in `os/`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use fiido_desk_core::alerts::{self, AlertRules};
use fiido_desk_core::clock;
use fiido_desk_core::store::{Store, DEFAULT_OVERDUE_MS};
use fiido_desk_core::views::ChangeNotice;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::ipc::{DoNotDisturbChanged, StoreChanged};

use crate::os::notify::Notifier;
use crate::os::tray::Tray;

/// The app's alerting parts.
#[derive(Default)]
pub struct Alerts {
    rules: Mutex<AlertRules>,
    notifier: Notifier,
    /// Set once the tray exists (it may not on a desktop without one).
    pub tray: OnceLock<Tray>,
    /// Overdue conversations at the last check.
    overdue: Mutex<Option<Vec<String>>>,
    /// Silences notifications except for VIPs.
    do_not_disturb: AtomicBool,
}

impl Alerts {
    /// Whether notifications are silenced (VIPs still come through).
    pub fn do_not_disturb(&self) -> bool {
        self.do_not_disturb.load(Ordering::Relaxed)
    }

    /// Turns do-not-disturb on or off, from the tray or the window; the
    /// tray's check mark and the window's switch follow.
    pub fn set_do_not_disturb(&self, app: &AppHandle, on: bool) {
        self.do_not_disturb.store(on, Ordering::Relaxed);
        if let Some(tray) = self.tray.get() {
            tray.show_do_not_disturb(on);
        }
        let _ = DoNotDisturbChanged { on }.emit(app);
        tracing::info!(on, "do-not-disturb toggled");
    }

    /// Reacts to a change of the cache: notifies (agent `me`) and updates the tray.
    pub fn on_change(&self, app: &AppHandle, store: &Store, change: &ChangeNotice, me: &str) {
        let focused = app
            .get_webview_window("main")
            .and_then(|w| w.is_focused().ok())
            .unwrap_or(false);
        let dnd = self.do_not_disturb();
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
        for mention in &change.mentions {
            let customer = store
                .cards(std::slice::from_ref(&mention.conversation_id))
                .ok()
                .and_then(|cards| cards.into_iter().next())
                .map(|card| card.customer_name)
                .unwrap_or_default();
            if let Some(notice) = alerts::on_mention(mention, &customer, dnd) {
                tracing::info!(conversation = %notice.conversation_id, "mentioned");
                self.notifier.show(app, &notice);
            }
        }
        for notice in alerts::on_tickets(&change.ticket_alerts, me, dnd) {
            tracing::info!(summary = %notice.summary, "ticket alert");
            self.notifier.show(app, &notice);
        }
        self.refresh_tray(store);
    }

    /// The once-a-second overdue check (AUTO-2), off the local cache and
    /// the desk's clock, so it works offline: a conversation turning overdue
    /// is re-read by the window (its card turns red) and notified once.
    pub fn tick(&self, app: &AppHandle, store: &Store) {
        let now = clock::now_ms();
        self.remind(app, store, now);
        let ids = match store.overdue_ids(now) {
            Ok(ids) => ids,
            Err(error) => {
                tracing::warn!(message = %error.message, "the overdue check failed");
                return;
            }
        };
        let previous = self
            .overdue
            .lock()
            .ok()
            .and_then(|mut o| o.replace(ids.clone()))
            .unwrap_or_default();
        if previous == ids {
            return;
        }
        let before: std::collections::HashSet<&String> = previous.iter().collect();
        let newly: Vec<String> = ids
            .iter()
            .filter(|id| !before.contains(id))
            .cloned()
            .collect();
        if let Ok(cards) = store.cards(&newly) {
            for card in &cards {
                let store_name = store
                    .store_name(&card.store_id)
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                let limit = store
                    .overdue_limit_ms(&card.store_id)
                    .unwrap_or(DEFAULT_OVERDUE_MS);
                let notice = self
                    .rules
                    .lock()
                    .ok()
                    .and_then(|mut r| r.on_overdue(card, &store_name, now, limit));
                if let Some(notice) = notice {
                    tracing::info!(conversation = %notice.conversation_id, "overdue");
                    self.notifier.show(app, &notice);
                }
            }
        }
        let _ = StoreChanged(ChangeNotice {
            conversation_ids: newly,
            lists: true,
            ..Default::default()
        })
        .emit(app);
        self.refresh_tray(store);
    }

    /// Tells the agent of the follow-ups due now (CUST-5), each once.
    fn remind(&self, app: &AppHandle, store: &Store, now: i64) {
        let due = match store.take_due_reminders(now) {
            Ok(due) => due,
            Err(error) => {
                tracing::warn!(message = %error.message, "reading due reminders");
                return;
            }
        };
        for reminder in &due {
            let customer = store
                .cards(std::slice::from_ref(&reminder.conversation_id))
                .ok()
                .and_then(|cards| cards.into_iter().next())
                .map(|card| card.customer_name)
                .unwrap_or_default();
            let notice = alerts::on_reminder(reminder, &customer);
            tracing::info!(conversation = %notice.conversation_id, "follow-up due");
            self.notifier.show(app, &notice);
        }
        if !due.is_empty() {
            let _ = StoreChanged(ChangeNotice {
                conversation_ids: due.iter().map(|r| r.conversation_id.clone()).collect(),
                ..Default::default()
            })
            .emit(app);
        }
    }

    /// Puts the current counts on the tray.
    pub fn refresh_tray(&self, store: &Store) {
        let overdue = self
            .overdue
            .lock()
            .ok()
            .and_then(|o| o.as_ref().map(|ids| ids.len() as i64))
            .unwrap_or(0);
        if let (Some(tray), Ok((waiting, vip))) = (self.tray.get(), store.waiting_counts()) {
            tray.update(waiting, overdue, vip);
        }
    }
}
