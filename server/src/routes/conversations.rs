//! Conversations and their messages (CONV-2, MSG-1).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use fiido_protocol::api::{MessageList, Page, SendMessageRequest};
use fiido_protocol::model::{Conversation, ConversationChannel, ConversationStatus, Message};
use fiido_protocol::validate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::SendParts;
use super::{next_cursor, PageQuery};
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::chat::Writer;
use crate::db::{self, conversations::ListFilter};
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiQuery};
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_conversations))
        .routes(routes!(get_conversation))
        .routes(routes!(list_messages, send_message))
}

/// Filters of the conversation list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ConversationFilter {
    status: Option<ConversationStatus>,
    store_id: Option<String>,
    customer_id: Option<String>,
    /// Only conversations of this channel (CONV-8).
    channel: Option<ConversationChannel>,
}

/// The conversations of the caller's stores, paged by id.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "conversations", security(("bearer" = [])),
    params(PageQuery, ConversationFilter),
    responses(
        (status = 200, body = Page<Conversation>),
        (status = 400, description = "validation_failed (status, limit, cursor)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_conversations(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
    ApiQuery(filter): ApiQuery<ConversationFilter>,
) -> AppResult<Json<Page<Conversation>>> {
    let (after, limit) = page.resolve()?;
    let filter = ListFilter {
        status: filter.status,
        store_id: filter.store_id,
        customer_id: filter.customer_id,
        channel: filter.channel,
    };
    let items =
        db::conversations::visible_page(state.db.pool(), &auth.scope, &filter, &after, limit)
            .await?;
    let next_cursor = next_cursor(&items, limit, |c| &c.id);
    Ok(Json(Page { items, next_cursor }))
}

pub(super) async fn visible_conversation(
    state: &AppState,
    auth: &Auth<AnyRole>,
    id: &str,
) -> AppResult<Conversation> {
    db::conversations::visible_by_id(state.db.pool(), &auth.scope, id)
        .await?
        .ok_or_else(|| AppError::not_found("conversation"))
}

/// One conversation; 404 when in a store the caller does not serve.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Conversation),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found (also for another store's conversation)", body = fiido_protocol::ErrorBody),
    ))]
async fn get_conversation(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Json<Conversation>> {
    Ok(Json(visible_conversation(&state, &auth, &id).await?))
}

/// `?before=&limit=` of the message history.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct MessagesQuery {
    /// Only messages older than this time (Unix ms).
    before: Option<i64>,
    /// 1..=500, default 100.
    limit: Option<u32>,
}

/// A conversation's messages, newest page first, each page oldest first.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), MessagesQuery),
    responses(
        (status = 200, body = MessageList),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn list_messages(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<MessagesQuery>,
) -> AppResult<Json<MessageList>> {
    let limit = i64::from(validate::page_limit(query.limit)?);
    visible_conversation(&state, &auth, &id).await?;
    let mut messages = db::messages::page_before(
        state.db.pool(),
        &id,
        db::messages::Reader::Team,
        query.before,
        limit + 1,
    )
    .await?;
    let has_more = messages.len() as i64 > limit;
    if has_more {
        messages.remove(0);
    }
    Ok(Json(MessageList { messages, has_more }))
}

/// Sends an agent's message. Repeats with the same `Idempotency-Key` (or the
/// same `client_id`) return the first message and create nothing.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    request_body = SendMessageRequest,
    responses(
        (status = 201, body = Message),
        (status = 400, description = "validation_failed (empty body) / malformed_request (bad JSON or UTF-8)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large (body over 1 MiB or text over 10,000 characters)", body = fiido_protocol::ErrorBody),
        (status = 415, description = "unsupported_media_type", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn send_message(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<SendMessageRequest>,
) -> AppResult<Response> {
    let request = validate::message_request(request)?;
    let body = request.body.clone();
    visible_conversation(&state, &auth, &id).await?;
    super::send_message_once(
        &state,
        SendParts {
            principal: auth.principal(),
            key,
            route: "send_message",
            conversation_id: id,
            new_conversation: None,
            writer: Writer::Agent(&auth.agent),
            request,
            body,
            file: None,
        },
    )
    .await
}
