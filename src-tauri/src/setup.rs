//! Builds and runs the Tauri application.

use tauri::Manager;

use crate::ipc;
use crate::session::AppState;

/// Starts the app: logs, state, IPC, the main window.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,fiido=debug".into()),
        )
        .init();
    let builder = ipc::builder();
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::new(data_dir));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Fiido Desk could not start: {error}");
        std::process::exit(1);
    }
}
