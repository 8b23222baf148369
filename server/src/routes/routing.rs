//! Routing profiles (AUTO-6): leads and admins set each agent's languages,
//! skills, seniority and capacity; an agent may read their own.

use axum::extract::{Path, State};
use axum::Json;
use fiido_protocol::model::{Role, RoutingProfile};
use fiido_protocol::{validate, ApiError, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AnyRole, Auth, LeadOrAdmin};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_routing, put_routing))
}

/// A colleague the caller may see (sharing a store), or 404.
async fn colleague(
    state: &AppState,
    scope: &db::Scope,
    id: &str,
) -> AppResult<fiido_protocol::model::Agent> {
    db::agents::visible(state.db.pool(), scope)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| AppError::not_found("agent"))
}

/// An agent's routing profile: their own, or anyone's for leads and admins.
#[utoipa::path(get, path = "/api/v1/agents/{id}/routing", tag = "stores", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = RoutingProfile),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: another agent's profile is for leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_routing(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Json<RoutingProfile>> {
    if auth.agent.role == Role::Agent && id != auth.agent.id {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "leads and admins see their team's routing; you may see your own",
        )
        .into());
    }
    let agent = colleague(&state, &auth.scope, &id).await?;
    Ok(Json(
        db::routing::profile(state.db.pool(), &agent.id, agent.role).await?,
    ))
}

/// Sets an agent's routing profile; more capacity moves their stores' queues.
#[utoipa::path(put, path = "/api/v1/agents/{id}/routing", tag = "stores", security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = RoutingProfile,
    responses(
        (status = 200, body = RoutingProfile),
        (status = 400, description = "validation_failed (capacity, languages, skills)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn put_routing(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    Path(id): Path<String>,
    ApiJson(profile): ApiJson<RoutingProfile>,
) -> AppResult<Json<RoutingProfile>> {
    let profile = validate::routing_profile(&profile)?;
    let scope = auth.scope.clone();
    let agent = colleague(&state, &scope, &id).await?;
    let mut w = state.db.begin_write().await?;
    db::routing::put_profile(w.conn(), &agent.id, &profile).await?;
    for store_id in &agent.store_ids {
        crate::dispatch::drain(&mut w, state.db.pool(), store_id).await?;
    }
    w.commit().await?;
    Ok(Json(profile))
}
