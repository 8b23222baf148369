//! The signed-in agent's own settings (QR-3): which quick reply sits on
//! Ctrl+1..9 and whether those keys work system-wide.

use axum::extract::State;
use axum::Json;
use fiido_protocol::events::EventData;
use fiido_protocol::model::AgentSettings;
use fiido_protocol::{validate, ApiError, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::db;
use crate::error::AppResult;
use crate::extract::ApiJson;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, put_settings))
}

/// The caller's settings (the defaults until they save some).
#[utoipa::path(get, path = "/api/v1/me/settings", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = AgentSettings), (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody)))]
async fn get_settings(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
) -> AppResult<Json<AgentSettings>> {
    Ok(Json(
        db::settings::get(state.db.pool(), &auth.agent.id).await?,
    ))
}

/// Replaces the caller's settings. Every reply on a slot must be one the
/// caller may use. The caller's other desks get the change as an event.
#[utoipa::path(put, path = "/api/v1/me/settings", tag = "auth", security(("bearer" = [])),
    request_body = AgentSettings,
    responses(
        (status = 200, body = AgentSettings),
        (status = 400, description = "validation_failed: a slot outside 1..=9, used twice, or a reply the caller may not use", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn put_settings(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiJson(settings): ApiJson<AgentSettings>,
) -> AppResult<Json<AgentSettings>> {
    let settings = validate::settings(&settings)?;
    for slot in &settings.slots {
        if db::catalogue::usable_quick_reply(state.db.pool(), &auth.scope, &slot.quick_reply_id)
            .await?
            .is_none()
        {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "slots",
                format!("Ctrl+{}: no quick reply you may use has that id", slot.slot),
            )
            .into());
        }
    }
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    db::settings::put(w.conn(), &auth.agent.id, &settings, now).await?;
    w.append(
        None,
        None,
        None,
        EventData::AgentSettingsChanged {
            agent_id: auth.agent.id.clone(),
            settings: settings.clone(),
        },
    )
    .await?;
    if settings.status == fiido_protocol::model::AgentStatus::Available {
        // Back at the desk: the queues of their stores move to them.
        for store_id in &auth.agent.store_ids {
            crate::dispatch::drain(&mut w, state.db.pool(), store_id).await?;
        }
    }
    w.commit().await?;
    Ok(Json(settings))
}
