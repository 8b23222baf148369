//! Agent sign-in and sign-out (PLAT-3).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use fiido_protocol::api::{LoginRequest, LoginResponse};
use fiido_protocol::model::Agent;
use fiido_protocol::{validate, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{password, token, AnyRole, Auth};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;

/// How long a session token stays valid.
const SESSION_DAYS: i64 = 30;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

/// Signs in with e-mail and password; answers a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, description = "validation_failed / malformed_request", body = fiido_protocol::ErrorBody),
        (status = 401, description = "invalid_credentials", body = fiido_protocol::ErrorBody),
        (status = 429, description = "rate_limited, per account and per address", body = fiido_protocol::ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<LoginRequest>,
) -> AppResult<Json<LoginResponse>> {
    let email = validate::email(&request.email)?;
    validate::password(&request.password)?;
    state.login_limiter.check(&email, peer.ip())?;

    let found = db::agents::by_email_with_hash(state.db.pool(), &email).await?;
    let password = request.password;
    let (agent, ok) = tokio::task::spawn_blocking(move || match found {
        Some((agent, hash)) => {
            let ok = password::verify(&password, &hash);
            (Some(agent), ok)
        }
        None => {
            password::verify(&password, password::dummy_hash());
            (None, false)
        }
    })
    .await
    .map_err(|e| AppError::Other(e.into()))?;
    let agent = match (agent, ok) {
        (Some(agent), true) => agent,
        _ => {
            return Err(AppError::api(
                ErrorCode::InvalidCredentials,
                "the e-mail or the password is wrong",
            ))
        }
    };

    let token = token::generate();
    let mut w = state.db.begin_write().await?;
    let expires_at = w.now + SESSION_DAYS * 24 * 3600 * 1000;
    let now = w.now;
    db::sessions::create_agent_session(w.conn(), &token::hash(&token), &agent.id, now, expires_at)
        .await?;
    w.commit().await?;
    tracing::info!(agent = %agent.id, "agent signed in");
    Ok(Json(LoginResponse {
        token,
        expires_at,
        agent,
    }))
}

/// Ends the session of the token used.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody)))]
async fn logout(State(state): State<AppState>, auth: Auth<AnyRole>) -> AppResult<StatusCode> {
    let mut w = state.db.begin_write().await?;
    db::sessions::delete_agent_session(w.conn(), &auth.token_hash).await?;
    w.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in agent.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Agent), (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody)))]
async fn me(auth: Auth<AnyRole>) -> Json<Agent> {
    Json(auth.agent)
}
