//! `Idempotency-Key` handling, as Stripe uses it: the first response to a key
//! is stored in the same transaction as the effect; a repeat gets that
//! response back without acting again; the same key with another body is 422.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fiido_protocol::{validate, ErrorCode};
use serde::Serialize;

use crate::auth::token;
use crate::db::{self, idempotency::StoredResponse, WriteTx};
use crate::error::{AppError, AppResult};

/// The optional `Idempotency-Key` header of a mutating request.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        let value = value.to_str().map_err(|_| {
            AppError::api(
                ErrorCode::ValidationFailed,
                "Idempotency-Key must be visible ASCII",
            )
        })?;
        validate::client_key("Idempotency-Key", value)?;
        Ok(IdempotencyKey(Some(value.to_owned())))
    }
}

/// The fingerprint of a request: what the key is bound to.
pub fn fingerprint(route: &str, body: &impl Serialize) -> AppResult<String> {
    Ok(token::hash(&format!(
        "{route}\n{}",
        serde_json::to_string(body)?
    )))
}

/// If this key was used before, the stored response (or 422 for another body).
pub async fn replay(
    w: &mut WriteTx,
    principal: &str,
    key: &IdempotencyKey,
    fingerprint: &str,
) -> AppResult<Option<Response>> {
    let Some(key) = &key.0 else { return Ok(None) };
    let Some(stored) = db::idempotency::find(w.conn(), principal, key).await? else {
        return Ok(None);
    };
    if stored.request_hash != fingerprint {
        return Err(AppError::api(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was already used for a different request",
        ));
    }
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        stored.body,
    )
        .into_response();
    response
        .headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    Ok(Some(response))
}

/// Builds the response and, when a key was given, stores it with the effect.
pub async fn record(
    w: &mut WriteTx,
    principal: &str,
    key: &IdempotencyKey,
    fingerprint: &str,
    status: StatusCode,
    body: &impl Serialize,
) -> AppResult<Response> {
    let text = serde_json::to_string(body)?;
    if let Some(key) = &key.0 {
        let stored = StoredResponse {
            request_hash: fingerprint.to_owned(),
            status: status.as_u16(),
            body: text.clone(),
        };
        let now = w.now;
        db::idempotency::store(w.conn(), principal, key, &stored, now).await?;
    }
    Ok((
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        text,
    )
        .into_response())
}
