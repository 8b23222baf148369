//! Stores and the team.

use axum::extract::{Path, State};
use axum::Json;
use fiido_protocol::api::StorePatch;
use fiido_protocol::events::EventData;
use fiido_protocol::model::{Agent, Store};
use fiido_protocol::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AdminOnly, AnyRole, Auth, LeadOrAdmin};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_stores))
        .routes(routes!(patch_store))
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

/// Changes a store's settings (the overdue threshold, AUTO-2). Admins only;
/// every desk of the store gets the change as an event.
#[utoipa::path(patch, path = "/api/v1/stores/{id}", tag = "stores", security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = StorePatch,
    responses(
        (status = 200, body = Store),
        (status = 400, description = "validation_failed (overdue_after_secs 5..=86400)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: admins only", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn patch_store(
    State(state): State<AppState>,
    auth: Auth<AdminOnly>,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<StorePatch>,
) -> AppResult<Json<Store>> {
    let overdue = patch
        .overdue_after_secs
        .map(validate::overdue_after_secs)
        .transpose()?;
    let mut store = db::stores::visible_by_id(state.db.pool(), &auth.scope, &id)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;
    store.overdue_after_secs = overdue.unwrap_or(store.overdue_after_secs);
    let mut w = state.db.begin_write().await?;
    db::stores::set_overdue_after(w.conn(), &store.id, store.overdue_after_secs).await?;
    let store_id = store.id.clone();
    w.append(
        Some(&store_id),
        None,
        None,
        EventData::StoreUpserted {
            store: store.clone(),
        },
    )
    .await?;
    w.commit().await?;
    Ok(Json(store))
}
