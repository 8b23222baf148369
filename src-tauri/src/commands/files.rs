//! Files in conversations (MSG-3): send one (checked here by the same rules
//! as the server's before it goes, so a bad file is refused at once) and
//! save one into the Downloads folder. Both need the server: offline they
//! answer `unreachable` and nothing the agent typed is touched.

use std::path::PathBuf;

use fiido_desk_core::DeskError;
use fiido_protocol::{ApiError, ErrorCode};
use tauri::{AppHandle, Manager, State};

use super::conversation_actions::changed;
use crate::session::AppState;

/// Sends a file (image, PDF, XLSX or ZIP up to 10 MB) into a conversation.
#[tauri::command]
#[specta::specta]
pub async fn send_file(
    app: AppHandle,
    state: State<'_, AppState>,
    conversation_id: String,
    name: String,
    bytes: Vec<u8>,
) -> Result<(), DeskError> {
    let (name, _) = fiido_protocol::attachments::check(&name, &bytes)?;
    let (client, store) = state
        .with_session(|s| Ok((s.client.clone(), s.store.clone())))
        .await?;
    let client_id = uuid::Uuid::now_v7().to_string();
    let message = client
        .send_attachment(&conversation_id, &name, bytes, &client_id)
        .await?;
    store.save_message(&message)?;
    changed(&app, &conversation_id);
    Ok(())
}

/// A free path for `name` in `dir`: "name (1).pdf" when "name.pdf" exists.
fn free_path(dir: &std::path::Path, name: &str) -> PathBuf {
    let base = std::path::Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let (stem, ext) = match base.rsplit_once('.') {
        Some((s, e)) => (s.to_owned(), format!(".{e}")),
        None => (base.clone(), String::new()),
    };
    let mut path = dir.join(&base);
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    path
}

/// Saves a conversation's file into the Downloads folder; answers where.
#[tauri::command]
#[specta::specta]
pub async fn save_file(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<String, DeskError> {
    fiido_protocol::validate::media_id(&id)?;
    let (store, client) = state
        .with_session(|s| Ok((s.store.clone(), s.client.clone())))
        .await?;
    let bytes = crate::os::media_scheme::attachment(&store, &client, &id).await?;
    let dir = downloads(&app)?;
    let failed = |e: std::io::Error| {
        ApiError::new(ErrorCode::Internal, format!("could not save {name}: {e}"))
    };
    let path = free_path(&dir, &name);
    std::fs::write(&path, bytes).map_err(failed)?;
    Ok(path.display().to_string())
}

/// The agent's Downloads folder (their home when there is none), created if
/// missing: where every export and saved file goes.
pub fn downloads(app: &AppHandle) -> Result<std::path::PathBuf, DeskError> {
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("no folder to save into: {e}")))?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("no folder to save into: {e}")))?;
    Ok(dir)
}
