//! Usage counts (KB-6): the desk reports each insertion of a quick reply or
//! article through its outbox, once per `Idempotency-Key`; the new total
//! goes to every desk that may use the item.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fiido_protocol::api::UsageCount;
use fiido_protocol::events::EventData;
use fiido_protocol::model::{UsedKind, Visibility};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::act_once;
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(quick_reply_used))
        .routes(routes!(article_used))
}

/// Counts one insertion of a quick reply the caller may use.
#[utoipa::path(post, path = "/api/v1/quick-replies/{id}/uses", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this insertion")),
    responses(
        (status = 200, body = UsageCount),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn quick_reply_used(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let reply = db::catalogue::usable_quick_reply(state.db.pool(), &auth.scope, &id)
        .await?
        .ok_or_else(|| AppError::not_found("quick reply"))?;
    count(
        &state,
        &auth,
        &key,
        UsedKind::QuickReply,
        &id,
        reply.store_id.as_deref(),
        reply.owner_id.as_deref(),
    )
    .await
}

/// Counts one insertion of an article the caller may read.
#[utoipa::path(post, path = "/api/v1/articles/{id}/uses", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this insertion")),
    responses(
        (status = 200, body = UsageCount),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn article_used(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let mut conn = state.db.pool().acquire().await?;
    let article = db::catalogue::article_by_id(&mut conn, &id)
        .await?
        .filter(|a| auth.scope.sees_store(a.store_id.as_deref()))
        .filter(|a| auth.scope.sees_drafts || a.visibility != Visibility::Draft)
        .ok_or_else(|| AppError::not_found("article"))?;
    drop(conn);
    count(
        &state,
        &auth,
        &key,
        UsedKind::Article,
        &id,
        article.store_id.as_deref(),
        None,
    )
    .await
}

async fn count(
    state: &AppState,
    auth: &Auth<AnyRole>,
    key: &IdempotencyKey,
    kind: UsedKind,
    id: &str,
    store_id: Option<&str>,
    owner_id: Option<&str>,
) -> AppResult<Response> {
    let path = match kind {
        UsedKind::QuickReply => format!("POST /api/v1/quick-replies/{id}/uses"),
        UsedKind::Article => format!("POST /api/v1/articles/{id}/uses"),
    };
    act_once(
        state,
        &auth.principal(),
        key,
        &path,
        &(),
        StatusCode::OK,
        async |w: &mut WriteTx| {
            let uses = db::catalogue::count_use(w.conn(), kind, id)
                .await?
                .ok_or_else(|| AppError::not_found("item"))?;
            w.append(
                store_id,
                None,
                None,
                EventData::UsageCounted {
                    item: kind,
                    id: id.to_owned(),
                    uses,
                    owner_id: owner_id.map(str::to_owned),
                },
            )
            .await?;
            Ok(UsageCount { uses })
        },
    )
    .await
}
