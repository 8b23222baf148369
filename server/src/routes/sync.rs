//! The server side of the sync protocol (DESIGN §3): snapshot, catch-up over
//! the event log, and the live socket.

use axum::extract::{State, WebSocketUpgrade};
use axum::response::Response;
use axum::Json;
use fiido_protocol::api::{PruneEventsRequest, PruneEventsResponse, SnapshotPage};
use fiido_protocol::events::EventsPage;
use fiido_protocol::{validate, ApiError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::agent_socket;
use super::PageQuery;
use crate::app::AppState;
use crate::auth::{AdminOnly, AnyRole, Auth};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiQuery};

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(snapshot))
        .routes(routes!(events))
        .routes(routes!(socket))
        .routes(routes!(prune_events))
}

/// One page of the caller's visible state and the seq it is consistent with.
#[utoipa::path(get, path = "/api/v1/sync/snapshot", tag = "sync", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = SnapshotPage),
        (status = 400, description = "validation_failed (limit, cursor)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn snapshot(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<SnapshotPage>> {
    let limit = i64::from(validate::page_limit(page.limit)?);
    Ok(Json(
        db::snapshot::page(state.db.pool(), &auth.scope, page.cursor.as_deref(), limit).await?,
    ))
}

/// `?after=&limit=` of the event log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EventsQuery {
    /// The last seq the client applied; 0 for the beginning.
    after: i64,
    /// 1..=500, default 100.
    limit: Option<u32>,
}

/// Fails with 410 `gone` when the log was pruned past `after`.
pub(super) async fn check_not_pruned(state: &AppState, after: i64) -> AppResult<()> {
    if after < 0 {
        return Err(AppError::Api(ApiError::field(
            ErrorCode::ValidationFailed,
            "after",
            "after must be 0 or more",
        )));
    }
    let floor = db::events::floor(state.db.pool()).await?;
    if after < floor {
        return Err(AppError::api(
            ErrorCode::Gone,
            format!("the event log no longer reaches back to {after} (it starts after {floor}); take a new snapshot"),
        ));
    }
    Ok(())
}

/// The caller's visible events after a seq, for catching up.
#[utoipa::path(get, path = "/api/v1/events", tag = "sync", security(("bearer" = [])),
    params(EventsQuery),
    responses(
        (status = 200, body = EventsPage),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 410, description = "gone: pruned past `after`, re-snapshot", body = fiido_protocol::ErrorBody),
    ))]
async fn events(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> AppResult<Json<EventsPage>> {
    let limit = i64::from(validate::page_limit(query.limit)?);
    check_not_pruned(&state, query.after).await?;
    // Read the head first: every event up to it is committed, so a short page
    // means the caller is caught up to it.
    let head = db::events::head(state.db.pool()).await?;
    let events =
        db::events::visible_after(state.db.pool(), &auth.scope, query.after, limit).await?;
    let head = head.max(events.last().map(|e| e.seq).unwrap_or(0));
    Ok(Json(EventsPage { events, head }))
}

/// `?after=` of the live socket.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SocketQuery {
    /// The last seq the client applied.
    after: i64,
}

/// Live events over a WebSocket: first a replay of the log after `after`, then
/// a `caught_up` frame, then live events; each frame is an `AgentFrame`. A
/// socket that falls behind replays from the log, so no seq is ever skipped.
#[utoipa::path(get, path = "/api/v1/ws", tag = "sync", security(("bearer" = [])),
    params(SocketQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol; frames are `AgentFrame` JSON"),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 410, description = "gone: pruned past `after`, re-snapshot", body = fiido_protocol::ErrorBody),
    ))]
async fn socket(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(query): ApiQuery<SocketQuery>,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    check_not_pruned(&state, query.after).await?;
    let scope = auth.scope;
    Ok(upgrade
        .read_buffer_size(super::live::READ_BUFFER_BYTES)
        .on_upgrade(move |socket| agent_socket::run(state, scope, query.after, socket)))
}

/// Prunes the event log, keeping the newest `keep_last` events. Admins only.
#[utoipa::path(post, path = "/api/v1/admin/events/prune", tag = "sync", security(("bearer" = [])),
    request_body = PruneEventsRequest,
    responses(
        (status = 200, body = PruneEventsResponse),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: admins only", body = fiido_protocol::ErrorBody),
    ))]
async fn prune_events(
    State(state): State<AppState>,
    _auth: Auth<AdminOnly>,
    ApiJson(request): ApiJson<PruneEventsRequest>,
) -> AppResult<Json<PruneEventsResponse>> {
    if request.keep_last < 0 {
        return Err(AppError::Api(ApiError::field(
            ErrorCode::ValidationFailed,
            "keep_last",
            "keep_last must be 0 or more",
        )));
    }
    let mut w = state.db.begin_write().await?;
    let floor = db::events::prune(w.conn(), request.keep_last).await?;
    w.commit().await?;
    Ok(Json(PruneEventsResponse { floor }))
}
