//! The server's error type: every failure becomes `{"error":{code,message,field}}`
//! with the code's HTTP status; internal details go to the log, not the client.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fiido_protocol::{ApiError, ErrorBody, ErrorCode};

use crate::carriers::CarrierError;

/// What handlers and the database layer return on failure.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A failure the client caused or may act on; answered as is.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// Too many attempts; answered 429 with `Retry-After`.
    #[error("rate limited, retry after {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// A service the answer depends on (a carrier's API) failed or refused
    /// the server's credentials; answered 502, details logged.
    #[error("upstream: {0}")]
    Upstream(String),
    /// The database failed; answered 500 `internal`, details logged.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Anything else unexpected; answered 500 `internal`, details logged.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// The handlers' result type.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A client error with no particular field.
    pub fn api(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Api(ApiError::new(code, message))
    }

    /// The standard "no such thing" answer.
    pub fn not_found(what: &str) -> Self {
        AppError::api(ErrorCode::NotFound, format!("{what} not found"))
    }
}

impl From<CarrierError> for AppError {
    fn from(e: CarrierError) -> Self {
        match e {
            CarrierError::Unknown(_) => AppError::not_found("parcel"),
            other => AppError::Upstream(other.to_string()),
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Other(e.into())
    }
}

/// Builds the JSON error response for a code.
pub fn error_response(error: ApiError) -> Response {
    let status =
        StatusCode::from_u16(error.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(ErrorBody { error })).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Api(error) => error_response(error),
            AppError::RateLimited { retry_after_secs } => {
                let mut response = error_response(ApiError::new(
                    ErrorCode::RateLimited,
                    format!("too many attempts; try again in {retry_after_secs} s"),
                ));
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert("retry-after", value);
                }
                response
            }
            AppError::Upstream(e) => {
                tracing::warn!(error = %e, "upstream service failed");
                error_response(ApiError::new(
                    ErrorCode::UpstreamUnavailable,
                    "the carrier could not be asked about this parcel; please retry later",
                ))
            }
            AppError::Db(e) => {
                tracing::error!(error = %e, "database error");
                error_response(ApiError::new(
                    ErrorCode::Internal,
                    "the server could not complete the request; please retry",
                ))
            }
            AppError::Other(e) => {
                tracing::error!(error = %e, "internal error");
                error_response(ApiError::new(
                    ErrorCode::Internal,
                    "the server could not complete the request; please retry",
                ))
            }
        }
    }
}
