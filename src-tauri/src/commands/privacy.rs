//! Privacy requests from the customer panel (CUST-6; leads and admins):
//! export everything about a customer into Downloads, and erase them on
//! request. Both need the server (it holds the whole record).

use fiido_desk_core::DeskError;
use fiido_protocol::privacy::{EraseMode, EraseReport, EraseRequest};
use fiido_protocol::{ApiError, ErrorCode};
use serde::Deserialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::session::AppState;

/// The export's format.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CustomerExportFormat {
    /// Machine-readable, complete (GDPR Art. 20).
    Json,
    /// A page to hand to the customer or print to PDF.
    Html,
}

/// Saves everything about a customer into Downloads; answers the path.
#[tauri::command]
#[specta::specta]
pub async fn export_customer(
    app: AppHandle,
    state: State<'_, AppState>,
    customer_id: String,
    format: CustomerExportFormat,
) -> Result<String, DeskError> {
    fiido_protocol::validate::client_key("customer_id", &customer_id)?;
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    let extension = match format {
        CustomerExportFormat::Json => "json",
        CustomerExportFormat::Html => "html",
    };
    let bytes = client.export_customer(&customer_id, extension).await?;
    let path = super::files::downloads(&app)?.join(format!("customer-{customer_id}.{extension}"));
    std::fs::write(&path, bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("could not save the export: {e}"),
        )
    })?;
    Ok(path.display().to_string())
}

/// Erases a customer's personal data on request, here and in every desk.
#[tauri::command]
#[specta::specta]
pub async fn erase_customer(
    state: State<'_, AppState>,
    customer_id: String,
    mode: EraseMode,
    reason: String,
) -> Result<EraseReport, DeskError> {
    let request = EraseRequest { mode, reason };
    request.validate()?;
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.erase_customer(&customer_id, &request).await?)
}
