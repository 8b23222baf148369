//! The settings view: the agent's Ctrl+1..9 slots and where they work (QR-3),
//! available / away (PLAT-1),
//! do-not-disturb (PLAT-2), and, for admins, each store's overdue threshold
//! (AUTO-2).

use fiido_desk_core::DeskError;
use fiido_protocol::api::StorePatch;
use fiido_protocol::model::{AgentSettings, AgentStatus, Role, Store};
use fiido_protocol::{validate, ApiError, ErrorCode};
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::alerts::Alerts;
use crate::ipc::StoreChanged;
use crate::session::{apply_settings, AppState};

/// The agent's settings, from the cache (works offline).
#[tauri::command]
#[specta::specta]
pub async fn settings(state: State<'_, AppState>) -> Result<AgentSettings, DeskError> {
    state.with_session(|s| s.store.settings()).await
}

/// Saves the agent's settings: in effect at once (the keys are grabbed or
/// released), kept in the cache and delivered to the server through the
/// outbox, so other desks of the agent follow and nothing is lost offline.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: AgentSettings,
) -> Result<AgentSettings, DeskError> {
    save(&app, &state, |_| settings).await
}

/// The language the agent chose in the window (PLAT-6): the notifications
/// and the tray speak it too. Anything but the five languages is English.
#[tauri::command]
#[specta::specta]
pub async fn set_language(
    app: AppHandle,
    state: State<'_, AppState>,
    code: String,
) -> Result<(), DeskError> {
    fiido_desk_core::language::set_language(&code);
    if let Some(alerts) = app.try_state::<Alerts>() {
        if let Some(tray) = alerts.tray.get() {
            tray.relabel();
        }
        // Signed out there is nothing to count; the label follows at sign-in.
        let _ = state
            .with_session(|s| {
                alerts.refresh_tray(&s.store);
                Ok(())
            })
            .await;
    }
    Ok(())
}

/// Available or away, from the tray's menu: the rest of the settings stay.
pub async fn change_status(app: &AppHandle, status: AgentStatus) -> Result<(), DeskError> {
    let state = app.state::<AppState>();
    save(app, &state, |current| AgentSettings { status, ..current })
        .await
        .map(|_| ())
}

/// Changes the settings, queues them for the server and puts them into
/// effect (keys, tray); the window hears of it as a settings change.
async fn save(
    app: &AppHandle,
    state: &AppState,
    change: impl FnOnce(AgentSettings) -> AgentSettings,
) -> Result<AgentSettings, DeskError> {
    let saved = state
        .with_session(|s| {
            let saved = s.store.enqueue_settings(&change(s.store.settings()?))?;
            s.engine.outbox_changed();
            apply_settings(app, &s.store);
            Ok(saved)
        })
        .await?;
    let _ = StoreChanged(fiido_desk_core::views::ChangeNotice {
        settings: true,
        ..Default::default()
    })
    .emit(app);
    Ok(saved)
}

/// Whether do-not-disturb is on.
#[tauri::command]
#[specta::specta]
pub fn do_not_disturb(alerts: State<'_, Alerts>) -> bool {
    alerts.do_not_disturb()
}

/// Turns do-not-disturb on or off (the tray's menu follows).
#[tauri::command]
#[specta::specta]
pub fn set_do_not_disturb(app: AppHandle, alerts: State<'_, Alerts>, on: bool) {
    alerts.set_do_not_disturb(&app, on);
}

/// The stores the agent serves, with their overdue thresholds.
#[tauri::command]
#[specta::specta]
pub async fn stores(state: State<'_, AppState>) -> Result<Vec<Store>, DeskError> {
    state.with_session(|s| s.store.stores()).await
}

/// Sets a store's overdue threshold (admins). A store-wide setting needs the
/// server, so offline this answers `unreachable` and changes nothing; every
/// desk of the store gets the new threshold as an event.
#[tauri::command]
#[specta::specta]
pub async fn set_overdue_threshold(
    state: State<'_, AppState>,
    store_id: String,
    seconds: i64,
) -> Result<Store, DeskError> {
    let seconds = validate::overdue_after_secs(seconds)?;
    let client = state
        .with_session(|s| {
            if s.info.agent.role != Role::Admin {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "only admins change a store's overdue threshold",
                ));
            }
            Ok(s.client.clone())
        })
        .await?;
    let patch = StorePatch {
        overdue_after_secs: Some(seconds),
    };
    Ok(client.patch_store(&store_id, &patch).await?)
}

/// A store's automatic replies and business hours (AUTO-1), read from the
/// server (leads and admins); offline it answers `unreachable`.
#[tauri::command]
#[specta::specta]
pub async fn auto_replies(
    state: State<'_, AppState>,
    store_id: String,
) -> Result<fiido_protocol::model::AutoReplies, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.auto_replies(&store_id).await?)
}

/// Saves a store's automatic replies and business hours (admins). It needs
/// the server, which checks them; offline it answers `unreachable` and the
/// form keeps what was typed.
#[tauri::command]
#[specta::specta]
pub async fn save_auto_replies(
    state: State<'_, AppState>,
    store_id: String,
    config: fiido_protocol::model::AutoReplies,
) -> Result<fiido_protocol::model::AutoReplies, DeskError> {
    fiido_protocol::validate::auto_replies(&config)?;
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.save_auto_replies(&store_id, &config).await?)
}
