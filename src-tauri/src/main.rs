//! Fiido Desk, the desktop workbench. `fiido-desk --export-bindings PATH`
//! writes the generated TypeScript IPC bindings and exits (no window).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod alerts;
mod commands;
mod ipc;
mod os;
mod session;
mod setup;

/// When the process started, for the cold-start figure in the log.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Milliseconds since the process started, for start-up timings in the log.
fn since_start_ms() -> u64 {
    STARTED.get().map_or(0, |s| s.elapsed().as_millis() as u64)
}

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    let mut args = std::env::args().skip(1);
    if let Some("--export-bindings") = args.next().as_deref() {
        let path = args
            .next()
            .unwrap_or_else(|| "ui/src/lib/bindings.ts".to_owned());
        if let Err(error) = ipc::export(&path) {
            eprintln!("exporting the bindings failed: {error}");
            std::process::exit(1);
        }
        return;
    }
    os::webview::prefer_software_path_without_gpu();
    setup::run();
}
