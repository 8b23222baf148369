//! System-wide Ctrl+1..9 (QR-3): when the agent chooses *system-wide*, the
//! keys are grabbed from the X server, and pressing one in any app brings the
//! desk forward and asks the window to insert that slot's reply. In the
//! default *in the desk only* mode nothing is grabbed, so other apps keep
//! their Ctrl+1..9 (the window handles the keys itself).

use fiido_protocol::model::HotkeyScope;
use tauri::AppHandle;
use tauri_plugin_global_shortcut::{
    Code, GlobalShortcutExt, Modifiers, Shortcut, ShortcutEvent, ShortcutState,
};
use tauri_specta::Event;

use super::notify::raise;
use crate::ipc::SlotHotkey;

const DIGITS: [Code; 9] = [
    Code::Digit1,
    Code::Digit2,
    Code::Digit3,
    Code::Digit4,
    Code::Digit5,
    Code::Digit6,
    Code::Digit7,
    Code::Digit8,
    Code::Digit9,
];

fn shortcuts() -> Vec<Shortcut> {
    DIGITS
        .iter()
        .map(|code| Shortcut::new(Some(Modifiers::CONTROL), *code))
        .collect()
}

/// The plugin, with the handler that raises the desk and inserts the reply.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(on_shortcut)
        .build()
}

fn on_shortcut(app: &AppHandle, shortcut: &Shortcut, event: ShortcutEvent) {
    if event.state() != ShortcutState::Pressed {
        return;
    }
    let Some(slot) = DIGITS.iter().position(|code| shortcut.key == *code) else {
        return;
    };
    tracing::info!(slot = slot + 1, "system-wide quick-reply key");
    raise(app);
    let _ = SlotHotkey {
        slot: slot as u8 + 1,
    }
    .emit(app);
}

/// Grabs Ctrl+1..9 system-wide, or lets them go, as the scope says. Failing
/// to grab (another app holds a key) is logged and the rest still work.
pub fn apply(app: &AppHandle, scope: HotkeyScope) {
    let manager = app.global_shortcut();
    let registered = shortcuts().iter().any(|s| manager.is_registered(*s));
    match scope {
        HotkeyScope::SystemWide if !registered => {
            for shortcut in shortcuts() {
                if let Err(error) = manager.register(shortcut) {
                    tracing::warn!(%error, ?shortcut, "could not grab a quick-reply key");
                }
            }
            tracing::info!("quick-reply keys work system-wide");
        }
        HotkeyScope::InDesk if registered => {
            if let Err(error) = manager.unregister_all() {
                tracing::warn!(%error, "could not release the quick-reply keys");
            }
            tracing::info!("quick-reply keys work in the desk only");
        }
        _ => {}
    }
}
