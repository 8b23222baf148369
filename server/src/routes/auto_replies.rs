//! A store's automatic replies and business hours (AUTO-1): leads and
//! admins read them, admins change them.

use axum::extract::{Path, State};
use axum::Json;
use fiido_protocol::model::AutoReplies;
use fiido_protocol::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AdminOnly, Auth, LeadOrAdmin};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_auto_replies, put_auto_replies))
}

/// A store's automatic replies and business hours.
#[utoipa::path(get, path = "/api/v1/stores/{id}/auto-replies", tag = "stores", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = AutoReplies),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_auto_replies(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    Path(id): Path<String>,
) -> AppResult<Json<AutoReplies>> {
    if !auth.scope.sees_store(Some(&id)) {
        return Err(AppError::not_found("store"));
    }
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(db::auto_replies::get(&mut conn, &id).await?))
}

/// Replaces a store's automatic replies and business hours.
#[utoipa::path(put, path = "/api/v1/stores/{id}/auto-replies", tag = "stores", security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = AutoReplies,
    responses(
        (status = 200, body = AutoReplies),
        (status = 400, description = "validation_failed (hours, holidays, welcome, offline, wait, faq)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn put_auto_replies(
    State(state): State<AppState>,
    _auth: Auth<AdminOnly>,
    Path(id): Path<String>,
    ApiJson(config): ApiJson<AutoReplies>,
) -> AppResult<Json<AutoReplies>> {
    let config = validate::auto_replies(&config)?;
    if db::stores::by_id(state.db.pool(), &id).await?.is_none() {
        return Err(AppError::not_found("store"));
    }
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    db::auto_replies::put(w.conn(), &id, &config, now).await?;
    w.commit().await?;
    Ok(Json(config))
}
