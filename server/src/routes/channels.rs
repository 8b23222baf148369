//! The inbound webhook of social channels (PLAT-5): a WhatsApp / Messenger
//! bridge posts a customer's message, signed with the shared secret.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use fiido_protocol::channels::{InboundAccepted, InboundSocialMessage, SIGNATURE_HEADER};
use fiido_protocol::model::{ConversationChannel, CustomerSource};
use fiido_protocol::ErrorCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::channels::{self, signature, Sender};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::RawBody;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(inbound_webhook))
}

/// A customer's message from a social platform. The body must be signed:
/// `X-Fiido-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the
/// server's webhook secret. A repeated `message_id` is taken once.
#[utoipa::path(post, path = "/api/v1/channels/webhook", tag = "channels",
    request_body = InboundSocialMessage,
    params(("x-fiido-signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the body>")),
    responses(
        (status = 200, body = InboundAccepted),
        (status = 400, description = "validation_failed / malformed_request", body = fiido_protocol::ErrorBody),
        (status = 401, description = "invalid_signature: missing or wrong signature", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found: unknown store, or no webhook secret configured", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large", body = fiido_protocol::ErrorBody),
    ))]
async fn inbound_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> AppResult<Json<InboundAccepted>> {
    let Some(secret) = &state.channels.webhook_secret else {
        return Err(AppError::api(
            ErrorCode::NotFound,
            "this server has no webhook channel (start it with --webhook-secret)",
        ));
    };
    let signed = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|sig| signature::verify(secret.expose(), &body, sig));
    if !signed {
        return Err(AppError::api(
            ErrorCode::InvalidSignature,
            "the request is not signed with this server's webhook secret (X-Fiido-Signature: sha256=<hex HMAC-SHA256 of the body>)",
        ));
    }
    let inbound: InboundSocialMessage = serde_json::from_slice(&body).map_err(|e| {
        let code = if e.is_data() {
            ErrorCode::ValidationFailed
        } else {
            ErrorCode::MalformedRequest
        };
        AppError::api(code, format!("the body is not a message: {e}"))
    })?;
    let text = inbound.validate()?;
    let store = db::stores::by_key(state.db.pool(), &inbound.store)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;

    let mut w = state.db.begin_write().await?;
    let sender = Sender {
        channel_key: inbound.platform.as_str(),
        address: &inbound.sender.id,
        name: inbound.sender.name.trim(),
        email: None,
        language: inbound.sender.language.as_deref(),
        source: CustomerSource::Social,
    };
    let customer = channels::customer_for(&mut w, &store.id, &sender).await?;
    let conversation =
        channels::open_conversation(&mut w, &customer.id, ConversationChannel::Social).await?;
    let message = channels::receive(
        &mut w,
        &customer,
        conversation,
        ConversationChannel::Social,
        &inbound.message_id,
        text,
    )
    .await?;
    w.commit().await?;
    Ok(Json(InboundAccepted {
        conversation_id: message.conversation_id,
        message_id: message.id,
    }))
}
