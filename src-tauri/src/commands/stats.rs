//! Statistics (STAT-1, STAT-2): the team-stats window for leads and admins
//! (its own OS window) and each agent's own figures. The figures come from
//! the server, computed there with SQL; the window asks again when the
//! desk hears of a change, so it follows the team live without polling.

use fiido_desk_core::report_export;
use fiido_desk_core::DeskError;
use fiido_protocol::model::Role;
use fiido_protocol::stats::{PersonalStats, Reports, TeamStats};
use fiido_protocol::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, State, WebviewUrl, WebviewWindowBuilder};
use tauri_specta::Event;

use crate::ipc::ExportProgress;
use crate::session::AppState;

/// The team-stats window's label (also named in the capabilities).
pub const TEAM_STATS_WINDOW: &str = "team-stats";

/// Opens the team-stats window, or brings it forward. Leads and admins only.
#[tauri::command]
#[specta::specta]
pub async fn open_team_stats(app: AppHandle, state: State<'_, AppState>) -> Result<(), DeskError> {
    let role = state.with_session(|s| Ok(s.info.agent.role)).await?;
    if role == Role::Agent {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "the team's figures are for team leads and admins",
        ));
    }
    if let Some(window) = app.get_webview_window(TEAM_STATS_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return Ok(());
    }
    WebviewWindowBuilder::new(
        &app,
        TEAM_STATS_WINDOW,
        WebviewUrl::App("index.html#team-stats".into()),
    )
    .title("Fiido Desk · Team stats")
    .inner_size(1100.0, 760.0)
    .min_inner_size(760.0, 520.0)
    .build()
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the window did not open: {e}")))?;
    Ok(())
}

/// The team's figures for a period (`from`..`to`, Unix ms), for one store
/// or all of the caller's.
#[tauri::command]
#[specta::specta]
pub async fn team_stats(
    state: State<'_, AppState>,
    from: i64,
    to: i64,
    store_id: Option<String>,
) -> Result<TeamStats, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.team_stats(from, to, store_id.as_deref()).await?)
}

/// The agent's own figures for a period, with their rank in the team.
#[tauri::command]
#[specta::specta]
pub async fn my_stats(
    state: State<'_, AppState>,
    from: i64,
    to: i64,
) -> Result<PersonalStats, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.my_stats(from, to).await?)
}

/// The reports of a period (STAT-3, STAT-4, TKT-5), leads and admins.
#[tauri::command]
#[specta::specta]
pub async fn reports(
    state: State<'_, AppState>,
    from: i64,
    to: i64,
    store_id: Option<String>,
    utc_offset_minutes: i64,
) -> Result<Reports, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client
        .reports(from, to, store_id.as_deref(), utc_offset_minutes)
        .await?)
}

/// The file types a report exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// Every report, a sheet each.
    Xlsx,
    /// The agent performance table.
    Csv,
}

/// Exports the reports of a period into the Downloads folder; answers the
/// file's path. Progress is told with `ExportProgress` events.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    from: i64,
    to: i64,
    store_id: Option<String>,
    utc_offset_minutes: i64,
    format: ReportFormat,
) -> Result<String, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    let report = client
        .reports(from, to, store_id.as_deref(), utc_offset_minutes)
        .await?;
    let dir = super::files::downloads(&app)?;
    let extension = match format {
        ReportFormat::Xlsx => "xlsx",
        ReportFormat::Csv => "csv",
    };
    let path = dir.join(report_export::file_name(from, to, extension));
    let written = path.clone();
    tauri::async_runtime::spawn_blocking(move || match format {
        ReportFormat::Xlsx => report_export::write_xlsx(&report, &written, |done, total| {
            let _ = ExportProgress { done, total }.emit(&app);
        }),
        ReportFormat::Csv => report_export::write_csv(&report, &written),
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the export stopped: {e}")))??;
    Ok(path.display().to_string())
}
