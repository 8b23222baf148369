//! Stores and the team.

use axum::extract::State;
use axum::Json;
use fiido_protocol::model::{Agent, Store};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AnyRole, Auth, LeadOrAdmin};
use crate::db;
use crate::error::AppResult;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_stores))
        .routes(routes!(list_agents))
}

/// The stores the caller serves (every store for admins).
#[utoipa::path(get, path = "/api/v1/stores", tag = "stores", security(("bearer" = [])),
    responses((status = 200, body = Vec<Store>), (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody)))]
async fn list_stores(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
) -> AppResult<Json<Vec<Store>>> {
    Ok(Json(
        db::stores::visible(state.db.pool(), &auth.scope).await?,
    ))
}

/// The team: agents who share a store with the caller. Leads and admins only.
#[utoipa::path(get, path = "/api/v1/agents", tag = "stores", security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Agent>),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: agents may not list the team", body = fiido_protocol::ErrorBody),
    ))]
async fn list_agents(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
) -> AppResult<Json<Vec<Agent>>> {
    Ok(Json(
        db::agents::visible(state.db.pool(), &auth.scope).await?,
    ))
}
