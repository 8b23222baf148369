//! "Export diagnostics" (PLAT-8): versions, the link and cache state, and the
//! recent log, in one text file an agent can attach to a support request.
//! Never the token: it is not logged, and any copy of it is redacted anyway.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fiido_desk_core::DeskError;
use tauri::{AppHandle, Manager, State};

use crate::os::secrets;
use crate::session::AppState;

/// How many of the newest log lines go into the file.
const LOG_LINES: usize = 400;

fn storage(e: impl std::fmt::Display) -> DeskError {
    fiido_desk_core::error::storage(e)
}

/// The newest lines of the rotating log files, oldest first.
fn recent_log(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut lines: Vec<String> = Vec::new();
    for file in files.iter().rev() {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut file_lines: Vec<String> = text.lines().map(str::to_owned).collect();
        file_lines.append(&mut lines);
        lines = file_lines;
        if lines.len() >= LOG_LINES {
            break;
        }
    }
    let start = lines.len().saturating_sub(LOG_LINES);
    lines[start..].join("\n")
}

/// Writes the diagnostics file and returns its path.
#[tauri::command]
#[specta::specta]
pub async fn export_diagnostics(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<String, DeskError> {
    let mut report = String::new();
    let _ = writeln!(
        report,
        "Fiido Desk {} diagnostics",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        report,
        "system: {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let link = state.link_state().await;
    let _ = writeln!(
        report,
        "link: {:?}, {} queued, {}",
        link.status,
        link.queued,
        link.detail.unwrap_or_default()
    );
    let mut token = None;
    {
        let guard = state.session.lock().await;
        if let Some(session) = guard.as_ref() {
            let _ = writeln!(report, "server: {}", session.info.server_url);
            let _ = writeln!(
                report,
                "agent: {} ({:?})",
                session.info.agent.email, session.info.agent.role
            );
            let _ = writeln!(
                report,
                "last seq: {}",
                session.store.last_seq().unwrap_or(-1)
            );
            if let Ok(counts) = session.store.filter_counts() {
                let _ = writeln!(report, "cache: {counts:?}");
            }
            token = secrets::load_token(&secrets::account(
                &session.info.server_url,
                &session.info.agent.id,
            ))
            .ok()
            .flatten();
        }
    }
    let log_dir = app.path().app_log_dir().map_err(storage)?;
    let _ = writeln!(
        report,
        "\n--- last {LOG_LINES} log lines ({}) ---",
        log_dir.display()
    );
    report.push_str(&recent_log(&log_dir));
    report.push('\n');
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        report = report.replace(&token, "[redacted]");
    }
    let dir = app
        .path()
        .app_data_dir()
        .map_err(storage)?
        .join("diagnostics");
    std::fs::create_dir_all(&dir).map_err(storage)?;
    let stamp = fiido_desk_core::store::now_ms();
    let path = dir.join(format!("fiido-desk-diagnostics-{stamp}.txt"));
    std::fs::write(&path, report).map_err(storage)?;
    tracing::info!(path = %path.display(), "diagnostics exported");
    Ok(path.display().to_string())
}
