//! Writing quick replies (QR-1, QR-4): team replies are the leads' and
//! admins' (agents read them), personal ones their owner's. Every change is
//! an event; a personal reply's only reach its owner.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fiido_protocol::api::{NewQuickReply, QuickReplyOrder, QuickReplyPatch};
use fiido_protocol::events::EventData;
use fiido_protocol::model::{QuickReply, ReplyScope, Role};
use fiido_protocol::{validate, ApiError, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::act_once;
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_quick_reply))
        .routes(routes!(update_quick_reply, delete_quick_reply))
        .routes(routes!(reorder_quick_replies))
}

fn forbidden(message: &str) -> AppError {
    AppError::Api(ApiError::new(ErrorCode::Forbidden, message))
}

/// Whether the caller may change this reply: 404 for another agent's
/// personal reply (it is not theirs to know of), 403 for a team reply an
/// agent may only read.
fn check_may_change(auth: &Auth<AnyRole>, reply: &QuickReply) -> AppResult<()> {
    match reply.scope {
        ReplyScope::Personal if reply.owner_id.as_deref() != Some(auth.agent.id.as_str()) => {
            Err(AppError::not_found("quick reply"))
        }
        ReplyScope::Personal => Ok(()),
        ReplyScope::Team if auth.agent.role == Role::Agent => Err(forbidden(
            "team quick replies are managed by leads and admins; make a personal one instead",
        )),
        ReplyScope::Team if !auth.scope.sees_store(reply.store_id.as_deref()) => {
            Err(AppError::not_found("quick reply"))
        }
        ReplyScope::Team if reply.store_id.is_none() && auth.agent.role != Role::Admin => Err(
            forbidden("replies shared by every store are managed by admins"),
        ),
        ReplyScope::Team => Ok(()),
    }
}

async fn publish(w: &mut WriteTx, reply: &QuickReply) -> AppResult<()> {
    w.append(
        reply.store_id.as_deref(),
        None,
        None,
        EventData::QuickReplyUpserted {
            quick_reply: reply.clone(),
        },
    )
    .await?;
    Ok(())
}

/// Creates a quick reply. Send an `Idempotency-Key` (the desk's outbox
/// does): a repeat answers as the first time and creates nothing.
#[utoipa::path(post, path = "/api/v1/quick-replies", tag = "catalogue", security(("bearer" = [])),
    request_body = NewQuickReply,
    params(("Idempotency-Key" = Option<String>, Header, description = "the client's id for this request")),
    responses(
        (status = 201, body = QuickReply),
        (status = 400, description = "validation_failed (title, category, variants, id)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: team replies are for leads and admins", body = fiido_protocol::ErrorBody),
        (status = 409, description = "conflict: a reply with this id exists", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn create_quick_reply(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    ApiJson(new): ApiJson<NewQuickReply>,
) -> AppResult<Response> {
    let checked = validate::new_quick_reply(&new)?;
    let mut reply = QuickReply {
        id: checked
            .id
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
        store_id: checked.store_id,
        scope: checked.scope,
        owner_id: (checked.scope == ReplyScope::Personal).then(|| auth.agent.id.clone()),
        category: checked.category,
        title: checked.title,
        variants: checked.variants,
        position: 0,
        uses: 0,
        updated_at: 0,
    };
    if reply.scope == ReplyScope::Personal {
        reply.store_id = None;
    }
    check_may_change(&auth, &reply)?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        "POST /api/v1/quick-replies",
        &new,
        StatusCode::CREATED,
        async |w: &mut WriteTx| {
            if db::catalogue::quick_reply_by_id(w.conn(), &reply.id)
                .await?
                .is_some()
            {
                return Err(AppError::api(
                    ErrorCode::Conflict,
                    "a quick reply with this id exists",
                ));
            }
            reply.updated_at = w.now;
            reply.position = db::catalogue::next_quick_reply_position(
                w.conn(),
                reply.scope,
                reply.owner_id.as_deref(),
            )
            .await?;
            db::catalogue::insert_quick_reply(w.conn(), &reply).await?;
            publish(w, &reply).await?;
            Ok(reply)
        },
    )
    .await
}

/// Changes a quick reply's category, title or variants.
#[utoipa::path(patch, path = "/api/v1/quick-replies/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this request")),
    request_body = QuickReplyPatch,
    responses(
        (status = 200, body = QuickReply),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: team replies are for leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn update_quick_reply(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<QuickReplyPatch>,
) -> AppResult<Response> {
    let checked = validate::quick_reply_patch(&patch)?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("PATCH /api/v1/quick-replies/{id}"),
        &patch,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            let mut reply = db::catalogue::quick_reply_by_id(w.conn(), &id)
                .await?
                .ok_or_else(|| AppError::not_found("quick reply"))?;
            check_may_change(&auth, &reply)?;
            reply.category = checked.category.unwrap_or(reply.category);
            reply.title = checked.title.unwrap_or(reply.title);
            reply.variants = checked.variants.unwrap_or(reply.variants);
            reply.updated_at = w.now;
            db::catalogue::update_quick_reply(w.conn(), &reply).await?;
            publish(w, &reply).await?;
            Ok(reply)
        },
    )
    .await
}

/// Deletes a quick reply; shortcuts that held it become empty on the desks.
#[utoipa::path(delete, path = "/api/v1/quick-replies/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 204, description = "deleted"),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: team replies are for leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn delete_quick_reply(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let mut w = state.db.begin_write().await?;
    let reply = db::catalogue::quick_reply_by_id(w.conn(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("quick reply"))?;
    check_may_change(&auth, &reply)?;
    db::catalogue::delete_quick_reply(w.conn(), &id).await?;
    w.append(
        reply.store_id.as_deref(),
        None,
        None,
        EventData::QuickReplyDeleted {
            id: reply.id.clone(),
            owner_id: reply.owner_id.clone(),
        },
    )
    .await?;
    w.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts replies in the order given (QR-1): the first listed is offered
/// first. Each must be the caller's to change; repeating the request is
/// harmless, and only replies that moved are sent to the desks.
#[utoipa::path(put, path = "/api/v1/quick-replies/order", tag = "catalogue", security(("bearer" = [])),
    request_body = QuickReplyOrder,
    responses(
        (status = 200, description = "the listed replies with their new positions", body = Vec<QuickReply>),
        (status = 400, description = "validation_failed (ids)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: team replies are ordered by leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found: a listed reply", body = fiido_protocol::ErrorBody),
    ))]
async fn reorder_quick_replies(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiJson(order): ApiJson<QuickReplyOrder>,
) -> AppResult<axum::Json<Vec<QuickReply>>> {
    let order = validate::quick_reply_order(&order)?;
    let mut w = state.db.begin_write().await?;
    let mut replies = Vec::with_capacity(order.ids.len());
    for (index, id) in order.ids.iter().enumerate() {
        let mut reply = db::catalogue::quick_reply_by_id(w.conn(), id)
            .await?
            .ok_or_else(|| AppError::not_found("quick reply"))?;
        check_may_change(&auth, &reply)?;
        let position = i64::try_from(index).unwrap_or(i64::MAX) + 1;
        if reply.position != position {
            reply.position = position;
            db::catalogue::set_quick_reply_position(w.conn(), id, position).await?;
            publish(&mut w, &reply).await?;
        }
        replies.push(reply);
    }
    w.commit().await?;
    Ok(axum::Json(replies))
}
