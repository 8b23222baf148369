//! What an agent does with a conversation (CONV-4, CONV-5, CONV-6, CONV-9):
//! pin, star, tag, close and reopen it; write internal notes that @mention
//! colleagues; claim, transfer or release it. Every action is idempotent
//! under an `Idempotency-Key` (the desk's outbox sends one) and is an event.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fiido_protocol::api::{AssignRequest, ConversationPatch, NewNote};
use fiido_protocol::events::EventData;
use fiido_protocol::model::{
    Agent, Conversation, ConversationStatus, DeliveryState, Message, Role,
};
use fiido_protocol::{validate, ApiError, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::act_once;
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::chat;
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(patch_conversation))
        .routes(routes!(add_note))
        .routes(routes!(assign))
        .routes(routes!(agent_typing))
        .routes(routes!(recall_message))
}

/// The conversation, if the caller serves its store (404 otherwise).
async fn visible(w: &mut WriteTx, auth: &Auth<AnyRole>, id: &str) -> AppResult<Conversation> {
    db::conversations::by_id_in(w.conn(), id)
        .await?
        .filter(|c| auth.scope.sees_store(Some(&c.store_id)))
        .ok_or_else(|| AppError::not_found("conversation"))
}

/// Pins, stars, tags, closes or reopens a conversation.
#[utoipa::path(patch, path = "/api/v1/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this action")),
    request_body = ConversationPatch,
    responses(
        (status = 200, body = Conversation),
        (status = 400, description = "validation_failed (tags, status, snoozed_until)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn patch_conversation(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ConversationPatch>,
) -> AppResult<Response> {
    let checked = validate::conversation_patch(&patch, crate::clock::now_ms())?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("PATCH /api/v1/conversations/{id}"),
        &patch,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            let mut c = visible(w, &auth, &id).await?;
            c.apply_patch(&checked);
            let closed = checked.status == Some(ConversationStatus::Closed);
            let c = chat::save_conversation(w, c).await?;
            if closed {
                // A place came free: the queue moves.
                crate::dispatch::drain(w, state.db.pool(), &c.store_id).await?;
            }
            Ok(c)
        },
    )
    .await
}

/// Adds an internal note; colleagues it @mentions are told.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/notes", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this note")),
    request_body = NewNote,
    responses(
        (status = 201, body = Message),
        (status = 400, description = "validation_failed (body, client_id)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn add_note(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(note): ApiJson<NewNote>,
) -> AppResult<Response> {
    let checked = validate::new_note(&note)?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("POST /api/v1/conversations/{id}/notes"),
        &note,
        StatusCode::CREATED,
        async |w: &mut WriteTx| {
            let c = visible(w, &auth, &id).await?;
            let colleagues = db::agents::serving(state.db.pool(), &c.store_id).await?;
            chat::post_note(
                w,
                &c,
                &auth.agent,
                checked.body,
                checked.client_id,
                &colleagues,
            )
            .await
        },
    )
    .await
}

/// Who may move a conversation from its current assignee to `target`: an
/// agent claims an unassigned one and passes on their own; leads and admins
/// move any. Two agents claiming at once: the second hears who was first.
fn check_may_assign(
    me: &Agent,
    current: Option<&Agent>,
    target: Option<&str>,
) -> Result<(), ApiError> {
    let Some(holder) = current.filter(|a| a.id != me.id) else {
        return Ok(());
    };
    if me.role != Role::Agent {
        return Ok(());
    }
    if target == Some(me.id.as_str()) {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("{} took this conversation first", holder.name),
        ));
    }
    Err(ApiError::new(
        ErrorCode::Forbidden,
        format!(
            "this conversation is {}'s; only a lead or admin can reassign it",
            holder.name
        ),
    ))
}

/// Claims, transfers (with a note for the colleague) or releases a conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/assignment", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this action")),
    request_body = AssignRequest,
    responses(
        (status = 200, body = Conversation),
        (status = 400, description = "validation_failed (assignee_id: not someone serving the store; note)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: a colleague's conversation, for leads and admins to reassign", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 409, description = "conflict: a colleague claimed it first", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn assign(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<AssignRequest>,
) -> AppResult<Response> {
    let checked = validate::assign_request(&request)?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("POST /api/v1/conversations/{id}/assignment"),
        &request,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            let mut c = visible(w, &auth, &id).await?;
            let team = db::agents::serving(state.db.pool(), &c.store_id).await?;
            let target = match &checked.assignee_id {
                None => None,
                Some(wanted) => Some(team.iter().find(|a| &a.id == wanted).ok_or_else(|| {
                    ApiError::field(
                        ErrorCode::ValidationFailed,
                        "assignee_id",
                        "that colleague does not serve this conversation's store",
                    )
                })?),
            };
            let current = c
                .assignee_id
                .as_deref()
                .and_then(|holder| team.iter().find(|a| a.id == holder));
            check_may_assign(&auth.agent, current, target.map(|a| a.id.as_str()))?;
            if c.assignee_id.as_deref() == target.map(|a| a.id.as_str()) {
                return Ok(c);
            }
            let freed = c.assignee_id.is_some();
            c.assignee_id = target.map(|a| a.id.clone());
            let c = chat::save_conversation(w, c).await?;
            if freed {
                crate::dispatch::drain(w, state.db.pool(), &c.store_id).await?;
            }
            if let Some(colleague) = target.filter(|a| a.id != auth.agent.id) {
                let body = match &checked.note {
                    Some(note) => format!("Transferred to {}: {note}", colleague.name),
                    None => format!("Transferred to {}", colleague.name),
                };
                let note = chat::post_note(w, &c, &auth.agent, body, None, &[]).await?;
                w.append(
                    Some(&c.store_id),
                    Some(&c.id),
                    None,
                    EventData::Mentioned {
                        agent_id: colleague.id.clone(),
                        conversation_id: c.id.clone(),
                        message_id: note.id,
                        by: auth.agent.name.clone(),
                    },
                )
                .await?;
            }
            Ok(c)
        },
    )
    .await
}

/// Tells the customer an agent is typing (MSG-7). The desk sends it at
/// most every few seconds while the agent types; nothing is stored.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/typing", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 204, description = "passed on"),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn agent_typing(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    let c = db::conversations::visible_by_id(state.db.pool(), &auth.scope, &id)
        .await?
        .ok_or_else(|| AppError::not_found("conversation"))?;
    state.typing.publish(crate::typing::Typing {
        conversation_id: c.id,
        store_id: c.store_id,
        agent_name: Some(auth.agent.name.clone()),
    });
    Ok(StatusCode::NO_CONTENT)
}

/// Takes back one's own message within two minutes (MSG-6): its text is
/// erased and the widget removes it; every desk shows it recalled.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages/{message_id}/recall", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), ("message_id" = String, Path)),
    responses(
        (status = 200, body = Message),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: only your own message", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 409, description = "conflict: more than two minutes old", body = fiido_protocol::ErrorBody),
    ))]
async fn recall_message(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path((id, message_id)): Path<(String, String)>,
) -> AppResult<axum::Json<Message>> {
    let mut w = state.db.begin_write().await?;
    let c = visible(&mut w, &auth, &id).await?;
    let mut message = db::messages::by_id(w.conn(), &message_id)
        .await?
        .filter(|m| m.conversation_id == c.id)
        .ok_or_else(|| AppError::not_found("message"))?;
    if message.author_id.as_deref() != Some(auth.agent.id.as_str())
        || message.author != fiido_protocol::model::Author::Agent
    {
        return Err(
            ApiError::new(ErrorCode::Forbidden, "you can recall only your own replies").into(),
        );
    }
    if message.state != DeliveryState::Recalled {
        if w.now - message.created_at > fiido_protocol::limits::RECALL_WINDOW_MS {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "a message can be recalled for two minutes after sending",
            )
            .into());
        }
        message.body = String::new();
        message.state = DeliveryState::Recalled;
        db::messages::recall(w.conn(), &message.id).await?;
        w.append(
            Some(&c.store_id),
            Some(&c.id),
            None,
            EventData::MessageUpserted {
                message: message.clone(),
            },
        )
        .await?;
        let mut c = c;
        if let Some(preview) = c
            .last_message
            .as_mut()
            .filter(|p| p.at == message.created_at && p.author == message.author)
        {
            // The list no longer quotes what was taken back.
            preview.body = "Message recalled".into();
            chat::save_conversation(&mut w, c).await?;
        }
    }
    w.commit().await?;
    Ok(axum::Json(message))
}
