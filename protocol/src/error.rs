//! Error codes and the error body every failed request answers with.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A closed set of machine-readable error codes. Clients branch on these,
/// never on the human message, so renaming one is a breaking change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input broke a documented rule (length, enum value, format).
    ValidationFailed,
    /// The body was not parseable JSON, or not UTF-8.
    MalformedRequest,
    /// No such resource, or one the caller may not know exists.
    NotFound,
    /// The caller is known but its role does not allow this.
    Forbidden,
    /// The request conflicts with the current state.
    Conflict,
    /// The order's state does not allow that action (COM-2).
    InvalidTransition,
    /// The body or a field is larger than the limit.
    TooLarge,
    /// Too many attempts; retry after the `Retry-After` header.
    RateLimited,
    /// No token, an unknown token or an expired one.
    Unauthenticated,
    /// Wrong e-mail or password.
    InvalidCredentials,
    /// A channel's webhook came without a valid HMAC signature.
    InvalidSignature,
    /// An `Idempotency-Key` was reused with a different request body.
    IdempotencyKeyReused,
    /// The event log no longer holds the requested position: re-snapshot.
    Gone,
    /// The content type is not JSON.
    UnsupportedMediaType,
    /// The route exists but not with this HTTP method.
    MethodNotAllowed,
    /// The customer is blocked by the store.
    Blocked,
    /// A bug or an outage on the server; the request may be retried.
    Internal,
    /// A service the server asks on the caller's behalf (a carrier's
    /// tracking API) failed or refused the server's keys; retry later.
    UpstreamUnavailable,
    /// The desktop could not reach the server (offline, wrong address).
    Unreachable,
}

impl ErrorCode {
    /// The HTTP status this code is answered with.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::ValidationFailed | ErrorCode::MalformedRequest => 400,
            ErrorCode::Unauthenticated
            | ErrorCode::InvalidCredentials
            | ErrorCode::InvalidSignature => 401,
            ErrorCode::Forbidden | ErrorCode::Blocked => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict | ErrorCode::InvalidTransition => 409,
            ErrorCode::Gone => 410,
            ErrorCode::TooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::IdempotencyKeyReused => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::UpstreamUnavailable => 502,
            ErrorCode::Unreachable => 503,
        }
    }

    /// The snake_case spelling used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::MalformedRequest => "malformed_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidSignature => "invalid_signature",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::Gone => "gone",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Blocked => "blocked",
            ErrorCode::Internal => "internal",
            ErrorCode::UpstreamUnavailable => "upstream_unavailable",
            ErrorCode::Unreachable => "unreachable",
        }
    }
}

/// The error itself: a code to branch on, a message a person can act on, and
/// the offending field when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{code:?}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
}

impl ApiError {
    /// An error with no particular field.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// An error about one input field.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: Some(field.to_owned()),
        }
    }
}

/// `{"error": {...}}`: the body of every failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ErrorBody {
    pub error: ApiError,
}
