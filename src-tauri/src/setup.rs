//! Builds and runs the Tauri application.

use tauri::{Manager, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

use crate::alerts::Alerts;
use crate::ipc;
use crate::os::{hotkeys, logs, media_scheme, notify, tray::Tray, webview};
use crate::session::AppState;

/// Starts the app: one instance, logs, state, IPC, the tray, the main window.
pub fn run() {
    let builder = ipc::builder();
    let result = tauri::Builder::default()
        // First: a second launch only brings the running desk forward.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            notify::raise(app)
        }))
        // Size and position are restored when the window opens and saved on
        // quit (and when it hides to the tray, in case the session ends).
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(hotkeys::plugin())
        .register_asynchronous_uri_scheme_protocol(media_scheme::SCHEME, media_scheme::handle)
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            if let Ok(dir) = app.path().app_log_dir() {
                logs::init(&dir);
            }
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                ms = crate::since_start_ms(),
                "Fiido Desk starting"
            );
            builder.mount_events(app);
            webview::use_document_viewer_cache(app);
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::new(data_dir));
            let alerts = Alerts::default();
            match Tray::build(app.handle()) {
                Ok(tray) => {
                    let _ = alerts.tray.set(tray);
                }
                Err(error) => tracing::warn!(%error, "no tray icon on this desktop"),
            }
            app.manage(alerts);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the workbench keeps the desk running in the tray; other
            // windows (team stats) simply close.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main"
                    && window.app_handle().state::<Alerts>().tray.get().is_some()
                {
                    api.prevent_close();
                    if let Err(error) = window.app_handle().save_window_state(StateFlags::all()) {
                        tracing::warn!(%error, "could not save the window's size and position");
                    }
                    let _ = window.hide();
                }
            }
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Fiido Desk could not start: {error}");
        std::process::exit(1);
    }
}
