//! The signed-in session: its cache, its sync engine, and the forwarding of
//! the engine's notices to the window. The token is in the keyring; what is
//! saved on disk (`session.json`) is only the server address and the agent.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::{spawn, ApiClient, EngineHandle};
use fiido_desk_core::views::{LinkState, LinkStatus, SessionInfo};
use fiido_desk_core::DeskError;
use fiido_protocol::ErrorCode;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;
use tokio::sync::Mutex;

use crate::alerts::Alerts;
use crate::ipc::{LinkStateChanged, StoreChanged};
use crate::os::{hotkeys, secrets};

/// A running session.
pub struct Session {
    pub info: SessionInfo,
    pub store: Arc<Store>,
    pub engine: EngineHandle,
    pub client: ApiClient,
    forwarder: tauri::async_runtime::JoinHandle<()>,
}

impl Drop for Session {
    fn drop(&mut self) {
        self.engine.stop();
        self.forwarder.abort();
    }
}

/// Tauri-managed state: where the desk keeps its files, and the session.
pub struct AppState {
    data_dir: PathBuf,
    pub session: Mutex<Option<Session>>,
}

fn storage(e: impl std::fmt::Display) -> DeskError {
    fiido_desk_core::error::storage(e)
}

impl AppState {
    /// State rooted at the app's data directory.
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            session: Mutex::new(None),
        }
    }

    fn session_file(&self) -> PathBuf {
        self.data_dir.join("session.json")
    }

    /// The session saved by the last sign-in, if any.
    pub fn saved_session(&self) -> Result<Option<SessionInfo>, DeskError> {
        match std::fs::read_to_string(self.session_file()) {
            Ok(text) => Ok(serde_json::from_str(&text).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(storage(e)),
        }
    }

    /// Remembers who signed in where (never the token).
    pub fn save_session(&self, info: &SessionInfo) -> Result<(), DeskError> {
        std::fs::create_dir_all(&self.data_dir).map_err(storage)?;
        let text = serde_json::to_string_pretty(info).map_err(storage)?;
        std::fs::write(self.session_file(), text).map_err(storage)
    }

    /// Forgets the saved session.
    pub fn forget_session(&self) -> Result<(), DeskError> {
        match std::fs::remove_file(self.session_file()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(storage(e)),
        }
    }

    fn store_path(&self, info: &SessionInfo) -> PathBuf {
        let server: String = info
            .server_url
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        self.data_dir
            .join("stores")
            .join(format!("{server}-{}.sqlite3", info.agent.id))
    }

    /// Opens the session's cache, starts its engine and forwards its notices.
    pub async fn start(
        &self,
        app: &AppHandle,
        info: SessionInfo,
        client: ApiClient,
    ) -> Result<SessionInfo, DeskError> {
        let store = Arc::new(open_store(&self.store_path(&info))?);
        let engine = spawn(store.clone(), client.clone());
        let forwarder = tauri::async_runtime::spawn(forward(
            app.clone(),
            &engine,
            store.clone(),
            info.agent.id.clone(),
        ));
        let session = Session {
            info: info.clone(),
            store,
            engine,
            client,
            forwarder,
        };
        *self.session.lock().await = Some(session);
        Ok(info)
    }

    /// The running session's cache and agent, or 401 when signed out.
    pub async fn with_session<T>(
        &self,
        f: impl FnOnce(&Session) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let guard = self.session.lock().await;
        match guard.as_ref() {
            Some(session) => f(session),
            None => Err(DeskError::new(ErrorCode::Unauthenticated, "sign in first")),
        }
    }

    /// The link state, or offline when signed out.
    pub async fn link_state(&self) -> LinkState {
        match self.session.lock().await.as_ref() {
            Some(session) => session.engine.link.borrow().clone(),
            None => LinkState {
                status: LinkStatus::Offline,
                queued: 0,
                detail: Some("signed out".into()),
            },
        }
    }

    /// Ends the session: stops syncing, forgets the token and the saved session.
    pub async fn end(&self) -> Result<Option<Session>, DeskError> {
        let session = self.session.lock().await.take();
        if let Some(session) = &session {
            secrets::delete_token(&secrets::account(
                &session.info.server_url,
                &session.info.agent.id,
            ))?;
        }
        self.forget_session()?;
        Ok(session)
    }
}

fn open_store(path: &Path) -> Result<Store, DeskError> {
    Store::open(path)
}

/// Puts the agent's settings into effect: grabs or releases the
/// system-wide quick-reply keys, and shows the status in the tray.
pub fn apply_settings(app: &AppHandle, store: &Store) {
    match store.settings() {
        Ok(settings) => {
            hotkeys::apply(app, settings.hotkey_scope);
            if let Some(tray) = app.state::<Alerts>().tray.get() {
                tray.show_status(settings.status);
            }
        }
        Err(e) => tracing::warn!(error = %e.message, "reading the settings"),
    }
}

/// Emits the engine's change notices and link states to the window, and
/// hands the changes to the alerts (notifications, tray).
fn forward(
    app: AppHandle,
    engine: &EngineHandle,
    store: Arc<Store>,
    me: String,
) -> impl std::future::Future<Output = ()> + Send + 'static {
    let mut changes = engine.changes.subscribe();
    let mut link = engine.link.clone();
    async move {
        let _ = LinkStateChanged(link.borrow().clone()).emit(&app);
        app.state::<Alerts>().refresh_tray(&store);
        apply_settings(&app, &store);
        let mut overdue_check = tokio::time::interval(std::time::Duration::from_secs(1));
        overdue_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tokio::select! {
                _ = overdue_check.tick() => app.state::<Alerts>().tick(&app, &store),
                change = changes.recv() => match change {
                    Ok(change) => {
                        if change.settings {
                            apply_settings(&app, &store);
                        }
                        app.state::<Alerts>().on_change(&app, &store, &change, &me);
                        let _ = StoreChanged(change).emit(&app);
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        apply_settings(&app, &store);
                        let all = fiido_desk_core::views::ChangeNotice::everything();
                        let _ = StoreChanged(all).emit(&app);
                    }
                    Err(_) => return,
                },
                changed = link.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    let state = link.borrow().clone();
                    let _ = LinkStateChanged(state).emit(&app);
                }
            }
        }
    }
}
