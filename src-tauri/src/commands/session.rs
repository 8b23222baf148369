//! Sign-in, sign-out and restoring the last session (PLAT-3).

use fiido_desk_core::sync::client::{normalise_base, CallError};
use fiido_desk_core::sync::ApiClient;
use fiido_desk_core::views::SessionInfo;
use fiido_desk_core::DeskError;
use fiido_protocol::{validate, ApiError, ErrorCode};
use tauri::{AppHandle, Manager, State};
use tauri_specta::Event;

use crate::ipc::SessionEnded;
use crate::os::secrets;
use crate::session::AppState;

/// The current session: restored at start from the saved session and the
/// keyring token; null when the agent must sign in. Works offline: a token
/// that cannot be checked is trusted until the server says otherwise.
#[tauri::command]
#[specta::specta]
pub async fn session(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<SessionInfo>, DeskError> {
    tracing::info!(
        ms = crate::since_start_ms(),
        "the window asks for the session"
    );
    if let Some(session) = state.session.lock().await.as_ref() {
        return Ok(Some(session.info.clone()));
    }
    let Some(info) = state.saved_session()? else {
        return demo_sign_in(app, state).await;
    };
    let account = secrets::account(&info.server_url, &info.agent.id);
    let Some(token) = secrets::load_token(&account)? else {
        state.forget_session()?;
        return Ok(None);
    };
    let client = ApiClient::new(&info.server_url, token);
    // The cache shows at once; asking the server whether the token still
    // works is not worth a round trip before the first paint.
    let info = state.start(&app, info, client.clone()).await?;
    tauri::async_runtime::spawn(check_saved_session(app, client));
    Ok(Some(info))
}

/// Asks the server whether the restored session still holds. A session the
/// server ended signs the desk out (token deleted) and the window shows the
/// login form with the reason; any other failure leaves the desk working
/// offline until the server answers.
async fn check_saved_session(app: AppHandle, client: ApiClient) {
    match client.me().await {
        Ok(_) => {}
        Err(CallError::Unauthenticated(_)) => {
            let state = app.state::<AppState>();
            if let Err(error) = state.end().await {
                tracing::warn!(error = %error.message, "ending the expired session");
            }
            crate::os::hotkeys::apply(&app, fiido_protocol::model::HotkeyScope::InDesk);
            let _ = SessionEnded {
                reason: "Your session has expired or was ended on the server. Sign in again."
                    .into(),
            }
            .emit(&app);
        }
        Err(error) => tracing::info!(?error, "could not check the saved session; working offline"),
    }
}

/// Signs in. On any failure the form keeps what was typed; the message says
/// what to do (wrong password, server unreachable ...).
#[tauri::command]
#[specta::specta]
pub async fn login(
    app: AppHandle,
    state: State<'_, AppState>,
    server_url: String,
    email: String,
    password: String,
) -> Result<SessionInfo, DeskError> {
    if server_url.trim().is_empty() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "server_url",
            "enter the server address",
        ));
    }
    validate::email(&email)?;
    validate::password(&password)?;
    let server_url = normalise_base(&server_url);
    let response = ApiClient::login(&server_url, &email, &password).await.map_err(|e| match e {
        CallError::Transient(reason) => ApiError::new(
            ErrorCode::Unreachable,
            format!("Cannot reach the server at {server_url}. Check the address and your connection. ({reason})"),
        ),
        other => other.into(),
    })?;
    let info = SessionInfo {
        agent: response.agent,
        server_url: server_url.clone(),
    };
    secrets::save_token(
        &secrets::account(&server_url, &info.agent.id),
        &response.token,
    )?;
    state.save_session(&info)?;
    let client = ApiClient::new(&server_url, response.token);
    state.start(&app, info, client).await
}

/// Signs out: ends the server session when reachable, deletes the token
/// from the keyring, and forgets the saved session. The cache stays, so the
/// next sign-in of the same agent starts fast.
#[tauri::command]
#[specta::specta]
pub async fn logout(app: AppHandle, state: State<'_, AppState>) -> Result<(), DeskError> {
    crate::os::hotkeys::apply(&app, fiido_protocol::model::HotkeyScope::InDesk);
    if let Some(session) = state.end().await? {
        if let Err(error) = session.client.logout().await {
            tracing::info!(
                ?error,
                "could not end the session on the server; the token is deleted locally"
            );
        }
    }
    Ok(())
}

/// `scripts/demo` starts the app signed in as the demo agent by setting
/// `FIIDO_DEMO_SIGN_IN=server|email|password`; without it, the login form shows.
async fn demo_sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<SessionInfo>, DeskError> {
    let Ok(value) = std::env::var("FIIDO_DEMO_SIGN_IN") else {
        return Ok(None);
    };
    let mut parts = value.splitn(3, '|');
    let (Some(server), Some(email), Some(password)) = (parts.next(), parts.next(), parts.next())
    else {
        tracing::warn!("FIIDO_DEMO_SIGN_IN must be server|email|password; showing the login form");
        return Ok(None);
    };
    tracing::info!(server, email, "demo sign-in");
    let result = login(
        app,
        state,
        server.to_owned(),
        email.to_owned(),
        password.to_owned(),
    )
    .await;
    if let Err(error) = &result {
        tracing::warn!(message = %error.message, "demo sign-in failed; showing the login form");
    }
    result.map(Some)
}
