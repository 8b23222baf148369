//! The customer chat widget's API: a visitor starts a chat, reads and sends
//! messages, and listens on a socket. Visitors never see agent data.

use axum::extract::{Path, State, WebSocketUpgrade};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use fiido_protocol::api::{
    SendMessageRequest, WidgetCustomer, WidgetMessages, WidgetRead, WidgetSession,
    WidgetSessionRequest, WidgetStore,
};
use fiido_protocol::events::EventData;
use fiido_protocol::model::{Customer, CustomerSource, Message};
use fiido_protocol::stats::SatisfactionRequest;
use fiido_protocol::{validate, ApiError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::sync::check_not_pruned;
use super::widget_socket;
use super::SendParts;
use crate::app::AppState;
use crate::auth::{token, Visitor};
use crate::chat::{self, new_id, Writer};
use crate::db::{self, sessions::VisitorSession};
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiQuery, RawBody};
use crate::idempotency::IdempotencyKey;

/// How long a visitor's chat session lasts.
const VISITOR_SESSION_DAYS: i64 = 90;
/// The most messages the widget loads as history.
const HISTORY_LIMIT: i64 = 200;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_session))
        .routes(routes!(get_session))
        .routes(routes!(list_messages, send_message))
        .routes(routes!(mark_read))
        .routes(routes!(rate))
        .routes(routes!(report_behaviour))
        .routes(routes!(socket))
        .routes(routes!(get_attachment))
        .merge(OpenApiRouter::new().routes(routes!(send_attachment)).layer(
            axum::extract::DefaultBodyLimit::max(
                fiido_protocol::attachments::ATTACHMENT_MAX_BYTES + 1,
            ),
        ))
}

/// Starts a chat: creates the visitor as a customer of the store and hands
/// the widget a session token to keep in localStorage.
#[utoipa::path(post, path = "/api/v1/widget/sessions", tag = "widget", request_body = WidgetSessionRequest,
    responses(
        (status = 201, body = WidgetSession),
        (status = 400, description = "validation_failed / malformed_request", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found: unknown store key", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large", body = fiido_protocol::ErrorBody),
    ))]
async fn create_session(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<WidgetSessionRequest>,
) -> AppResult<(StatusCode, Json<WidgetSession>)> {
    let nickname = validate::name("name", &request.name)?;
    let email = validate::optional(request.email.as_deref(), validate::email)?;
    let language = request
        .language
        .as_deref()
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .take(3)
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|l| l.len() >= 2);
    let timezone = validate::optional(request.timezone.as_deref(), validate::timezone)?;
    let device = validate::optional(request.device.as_deref(), |d| validate::name("device", d))?;
    let store = db::stores::by_key(state.db.pool(), &request.store)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;

    let token = token::generate();
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    let customer = Customer {
        id: new_id(),
        store_id: store.id.clone(),
        nickname,
        email,
        avatar_url: None,
        vip_level: 0,
        tags: Vec::new(),
        source: CustomerSource::Direct,
        country: None,
        city: None,
        timezone,
        device,
        language,
        visits_this_month: 1,
        created_at: now,
        blocked: false,
        behaviour: None,
    };
    db::customers::insert(w.conn(), &customer).await?;
    let session = VisitorSession {
        customer_id: customer.id.clone(),
        conversation_id: new_id(),
    };
    let expires_at = now + VISITOR_SESSION_DAYS * 24 * 3600 * 1000;
    db::sessions::create_visitor_session(w.conn(), &token::hash(&token), &session, now, expires_at)
        .await?;
    w.append(
        Some(&store.id),
        None,
        None,
        EventData::CustomerUpserted {
            customer: customer.clone(),
        },
    )
    .await?;
    w.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(WidgetSession {
            token,
            store: WidgetStore {
                key: store.key,
                name: store.name,
            },
            customer: WidgetCustomer {
                id: customer.id,
                nickname: customer.nickname,
            },
            conversation_id: session.conversation_id,
        }),
    ))
}

async fn visitor_customer(state: &AppState, visitor: &Visitor) -> AppResult<Customer> {
    db::customers::by_id(state.db.pool(), &visitor.session.customer_id)
        .await?
        .ok_or_else(|| {
            AppError::api(
                ErrorCode::Unauthenticated,
                "the chat session is no longer valid",
            )
        })
}

/// The visitor's session, to check a token saved before a page reload.
#[utoipa::path(get, path = "/api/v1/widget/session", tag = "widget", security(("bearer" = [])),
    responses(
        (status = 200, body = WidgetSession),
        (status = 401, description = "unauthenticated: start a new chat", body = fiido_protocol::ErrorBody),
    ))]
async fn get_session(
    State(state): State<AppState>,
    visitor: Visitor,
) -> AppResult<Json<WidgetSession>> {
    let customer = visitor_customer(&state, &visitor).await?;
    let store = db::stores::by_id(state.db.pool(), &customer.store_id)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;
    Ok(Json(WidgetSession {
        token: String::new(),
        store: WidgetStore {
            key: store.key,
            name: store.name,
        },
        customer: WidgetCustomer {
            id: customer.id,
            nickname: customer.nickname,
        },
        conversation_id: visitor.session.conversation_id,
    }))
}

/// The visitor's conversation, oldest first.
#[utoipa::path(get, path = "/api/v1/widget/messages", tag = "widget", operation_id = "widget_list_messages", security(("bearer" = [])),
    responses(
        (status = 200, body = WidgetMessages),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_messages(
    State(state): State<AppState>,
    visitor: Visitor,
) -> AppResult<Json<WidgetMessages>> {
    let messages = db::messages::page_before(
        state.db.pool(),
        &visitor.session.conversation_id,
        db::messages::Reader::Customer,
        None,
        HISTORY_LIMIT,
    )
    .await?;
    Ok(Json(WidgetMessages { messages }))
}

/// The visitor sends a message; the first one opens the conversation in the
/// agents' inbox.
#[utoipa::path(post, path = "/api/v1/widget/messages", tag = "widget", operation_id = "widget_send_message", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = SendMessageRequest,
    responses(
        (status = 201, body = Message),
        (status = 400, description = "validation_failed / malformed_request", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: the customer was blocked", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn send_message(
    State(state): State<AppState>,
    visitor: Visitor,
    key: IdempotencyKey,
    ApiJson(request): ApiJson<SendMessageRequest>,
) -> AppResult<Response> {
    if request.card.is_some() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "card",
            "cards are sent by the store's agents",
        )
        .into());
    }
    let body = validate::message_body(&request.body)?;
    if let Some(client_id) = &request.client_id {
        validate::client_key("client_id", client_id)?;
    }
    visitor_sends(&state, &visitor, key, "widget_send", request, body, None).await
}

/// Sends a visitor's message (text or file) once per key: refused
/// politely when the customer was blocked; the first one creates the
/// conversation.
async fn visitor_sends(
    state: &AppState,
    visitor: &Visitor,
    key: IdempotencyKey,
    route: &'static str,
    request: SendMessageRequest,
    body: String,
    file: Option<super::UploadedFile>,
) -> AppResult<Response> {
    let customer = visitor_customer(state, visitor).await?;
    if customer.blocked {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "Sorry, this chat is not available to you any more. For help with an order, please write to the store by e-mail.",
        )
        .into());
    }
    let conversation_id = visitor.session.conversation_id.clone();
    let now = crate::clock::now_ms();
    let new_conversation = chat::new_conversation(
        conversation_id.clone(),
        &customer,
        fiido_protocol::model::ConversationChannel::Web,
        now,
    );
    super::send_message_once(
        state,
        SendParts {
            principal: visitor.principal(),
            key,
            route,
            conversation_id,
            new_conversation: Some(new_conversation),
            writer: Writer::Customer(&customer),
            request,
            body,
            file,
        },
    )
    .await
}

/// The visitor has seen the conversation: the store's replies turn read (✓✓
/// for the agents). The widget calls it while its panel is open and visible.
#[utoipa::path(post, path = "/api/v1/widget/read", tag = "widget", security(("bearer" = [])),
    responses(
        (status = 200, body = WidgetRead),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn mark_read(State(state): State<AppState>, visitor: Visitor) -> AppResult<Json<WidgetRead>> {
    let customer = visitor_customer(&state, &visitor).await?;
    let mut w = state.db.begin_write().await?;
    let marked =
        chat::mark_read_by_customer(&mut w, &visitor.session.conversation_id, &customer.store_id)
            .await?;
    w.commit().await?;
    Ok(Json(WidgetRead { marked }))
}

/// What the visitor did on the shop since the last report (CUST-3): the
/// widget sends it only after they consented. Viewed products and searches
/// are kept newest first, five of each; the cart is replaced. The desks hear
/// it as the customer's update.
#[utoipa::path(post, path = "/api/v1/widget/behaviour", tag = "widget", security(("bearer" = [])),
    request_body = fiido_protocol::api::BehaviourReport,
    responses(
        (status = 200, body = fiido_protocol::model::Behaviour),
        (status = 400, description = "validation_failed / malformed_request", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large", body = fiido_protocol::ErrorBody),
    ))]
async fn report_behaviour(
    State(state): State<AppState>,
    visitor: Visitor,
    ApiJson(report): ApiJson<fiido_protocol::api::BehaviourReport>,
) -> AppResult<Json<fiido_protocol::model::Behaviour>> {
    use fiido_protocol::model::{Behaviour, CartLine, ViewedProduct};
    let searches = report.validate()?;
    let mut customer = visitor_customer(&state, &visitor).await?;
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    let mut behaviour = customer.behaviour.clone().unwrap_or_default();
    for sku in &report.viewed {
        let name = product_name(&mut w, sku).await?;
        behaviour.viewed.retain(|v| &v.sku != sku);
        behaviour.viewed.insert(
            0,
            ViewedProduct {
                sku: sku.clone(),
                name,
                at: now,
            },
        );
    }
    behaviour.viewed.truncate(Behaviour::KEEP);
    if let Some(cart) = &report.cart {
        let mut lines = Vec::new();
        for line in cart {
            let name = product_name(&mut w, &line.sku).await?;
            lines.push(CartLine {
                sku: line.sku.clone(),
                name,
                quantity: line.quantity,
            });
        }
        behaviour.cart = lines;
    }
    for search in searches {
        behaviour.searches.retain(|s| s != &search);
        behaviour.searches.insert(0, search);
    }
    behaviour.searches.truncate(Behaviour::KEEP);
    behaviour.updated_at = now;
    db::customers::set_behaviour(w.conn(), &customer.id, &behaviour).await?;
    customer.behaviour = Some(behaviour.clone());
    let store = customer.store_id.clone();
    w.append(
        Some(&store),
        None,
        None,
        EventData::CustomerUpserted { customer },
    )
    .await?;
    w.commit().await?;
    Ok(Json(behaviour))
}

/// The catalogue's name of a SKU, or the SKU itself.
async fn product_name(w: &mut db::WriteTx, sku: &str) -> AppResult<String> {
    Ok(db::catalogue::product_by_sku(w.conn(), sku)
        .await?
        .map_or_else(|| sku.to_owned(), |p| p.name))
}

/// The visitor rates their closed request, 1 to 5 stars with an optional
/// comment (STAT-5); a second rating replaces the first. The desks hear it.
#[utoipa::path(post, path = "/api/v1/widget/satisfaction", tag = "widget", security(("bearer" = [])),
    request_body = SatisfactionRequest,
    responses(
        (status = 204, description = "Rated"),
        (status = 400, description = "validation_failed (score) / malformed_request", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 409, description = "conflict: the conversation is not closed yet", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large (comment)", body = fiido_protocol::ErrorBody),
    ))]
async fn rate(
    State(state): State<AppState>,
    visitor: Visitor,
    ApiJson(request): ApiJson<SatisfactionRequest>,
) -> AppResult<StatusCode> {
    let request = request.validated()?;
    let customer = visitor_customer(&state, &visitor).await?;
    let conversation = &visitor.session.conversation_id;
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    let rated = db::cycles::rate(
        w.conn(),
        conversation,
        request.score,
        request.comment.as_deref(),
        now,
    )
    .await?;
    if !rated {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the chat is still open: you can rate it once it is closed",
        )
        .into());
    }
    w.append(
        Some(&customer.store_id),
        Some(conversation),
        None,
        EventData::SatisfactionRated {
            conversation_id: conversation.clone(),
            score: request.score,
            comment: request.comment,
        },
    )
    .await?;
    w.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?after=` of the widget socket.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct WidgetSocketQuery {
    /// The highest seq the widget saw; 0 for everything.
    #[serde(default)]
    after: i64,
}

/// Live messages of the visitor's conversation. The first client frame must be
/// `{"type":"auth","token":...}`; frames are `WidgetFrame` JSON.
#[utoipa::path(get, path = "/api/v1/widget/ws", tag = "widget", operation_id = "widget_socket", params(WidgetSocketQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol; frames are `WidgetFrame` JSON"),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 410, description = "gone: reload the history", body = fiido_protocol::ErrorBody),
    ))]
async fn socket(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<WidgetSocketQuery>,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    check_not_pruned(&state, query.after).await?;
    Ok(upgrade
        .read_buffer_size(super::live::READ_BUFFER_BYTES)
        .on_upgrade(move |socket| widget_socket::run(state, query.after, socket)))
}

/// The customer sends a file (images, PDF, XLSX, ZIP up to 10 MB, checked
/// by their bytes) into their conversation.
#[utoipa::path(post, path = "/api/v1/widget/attachments", tag = "widget", operation_id = "widget_send_attachment", security(("bearer" = [])),
    params(super::attachments::UploadQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file's bytes"),
    responses(
        (status = 201, body = Message),
        (status = 400, description = "validation_failed: empty file, bad name or client_id", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: the customer was blocked", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large: over 10 MB", body = fiido_protocol::ErrorBody),
        (status = 415, description = "unsupported_media_type: not an allowed type by its bytes, or a name claiming another", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn send_attachment(
    State(state): State<AppState>,
    visitor: Visitor,
    key: IdempotencyKey,
    ApiQuery(query): ApiQuery<super::attachments::UploadQuery>,
    RawBody(bytes): RawBody,
) -> AppResult<Response> {
    let (file, request) = query.checked(bytes)?;
    let body = request.body.clone();
    visitor_sends(
        &state,
        &visitor,
        key,
        "widget_send_attachment",
        request,
        body,
        Some(file),
    )
    .await
}

/// A file of the customer's own conversation (the widget fetches it with
/// its token and offers it as a download).
#[utoipa::path(get, path = "/api/v1/widget/attachments/{id}", tag = "widget", operation_id = "widget_get_attachment", security(("bearer" = [])),
    params(("id" = String, Path, description = "the SHA-256 of the file")),
    responses(
        (status = 200, description = "the file", content_type = "application/octet-stream"),
        (status = 400, description = "validation_failed: not a file id", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_attachment(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<String>,
) -> AppResult<Response> {
    validate::media_id(&id)?;
    let (content_type, bytes) =
        db::attachments::in_conversation(state.db.pool(), &visitor.session.conversation_id, &id)
            .await?
            .ok_or_else(|| AppError::not_found("file"))?;
    Ok(super::attachments::download(&id, content_type, bytes))
}
