//! Files in conversations (MSG-3), the agents' side: send one into a
//! conversation (it becomes a message carrying the file) and fetch one.
//! The file is checked by its bytes (`fiido_protocol::attachments::check`)
//! and stored in the transaction that writes its message, so a refused or
//! failed upload leaves nothing behind.

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use fiido_protocol::api::SendMessageRequest;
use fiido_protocol::attachments::{self, ATTACHMENT_MAX_BYTES};
use fiido_protocol::validate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{SendParts, UploadedFile};
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::chat::Writer;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::{ApiQuery, RawBody};
use crate::idempotency::IdempotencyKey;

/// The routes of this module; uploads may be larger than JSON bodies.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_attachment))
        .layer(DefaultBodyLimit::max(ATTACHMENT_MAX_BYTES + 1))
        .routes(routes!(get_attachment))
}

/// The file's name and the sender's id for the message.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct UploadQuery {
    /// The file's name, e.g. `invoice.pdf`; its extension must match its bytes.
    pub name: String,
    /// The sender's id for the message, as for text messages.
    pub client_id: Option<String>,
}

impl UploadQuery {
    /// The checked file and the message request that carries it.
    pub(super) fn checked(
        &self,
        bytes: axum::body::Bytes,
    ) -> AppResult<(UploadedFile, SendMessageRequest)> {
        if let Some(client_id) = &self.client_id {
            validate::client_key("client_id", client_id)?;
        }
        let (name, content_type) = attachments::check(&self.name, &bytes)?;
        let request = SendMessageRequest {
            body: name.clone(),
            client_id: self.client_id.clone(),
            card: None,
        };
        Ok((
            UploadedFile {
                name,
                content_type,
                bytes,
            },
            request,
        ))
    }
}

/// A file as a download: its checked type, never sniffed as another.
pub(super) fn download(name: &str, content_type: String, bytes: Vec<u8>) -> Response {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Sends a file into a conversation (images, PDF, XLSX, ZIP up to 10 MB,
/// checked by their bytes). Repeats with the same `Idempotency-Key` or
/// `client_id` return the first message.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/attachments", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path), UploadQuery, ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file's bytes"),
    responses(
        (status = 201, body = fiido_protocol::model::Message),
        (status = 400, description = "validation_failed: empty file, bad name or client_id", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large: over 10 MB", body = fiido_protocol::ErrorBody),
        (status = 415, description = "unsupported_media_type: not an allowed type by its bytes, or a name claiming another", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn send_attachment(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    ApiQuery(query): ApiQuery<UploadQuery>,
    RawBody(bytes): RawBody,
) -> AppResult<Response> {
    let (file, request) = query.checked(bytes)?;
    super::conversations::visible_conversation(&state, &auth, &id).await?;
    super::send_message_once(
        &state,
        SendParts {
            principal: auth.principal(),
            key,
            route: "send_attachment",
            conversation_id: id,
            new_conversation: None,
            writer: Writer::Agent(&auth.agent),
            body: request.body.clone(),
            request,
            file: Some(file),
        },
    )
    .await
}

/// A file sent in a conversation of the caller's stores.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = String, Path, description = "the SHA-256 of the file")),
    responses(
        (status = 200, description = "the file", content_type = "application/octet-stream"),
        (status = 400, description = "validation_failed: not a file id", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_attachment(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    validate::media_id(&id)?;
    let (content_type, bytes) = db::attachments::for_scope(state.db.pool(), &auth.scope, &id)
        .await?
        .ok_or_else(|| AppError::not_found("file"))?;
    Ok(download(&id, content_type, bytes))
}
