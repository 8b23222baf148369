//! Request extractors that turn every bad input into the protocol's error
//! body instead of axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use fiido_protocol::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A body as bytes (an uploaded image): 413 over the size limit, 400
/// `malformed_request` when it cannot be read.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::api(
                        ErrorCode::TooLarge,
                        "the body is larger than this route takes",
                    )
                } else {
                    AppError::api(ErrorCode::MalformedRequest, "the body could not be read")
                }
            })
    }
}

/// A JSON body: 415 without a JSON content type, 413 over the size limit,
/// 400 `malformed_request` for bad UTF-8 or bad JSON syntax, 400
/// `validation_failed` for a wrong shape (missing field, unknown enum value).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(AppError::api(
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with `Content-Type: application/json`",
            ));
        }
        let RawBody(bytes) = RawBody::from_request(req, state).await?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            AppError::api(
                ErrorCode::MalformedRequest,
                format!("the body is not valid UTF-8 (byte {})", e.valid_up_to()),
            )
        })?;
        serde_json::from_str(text).map(ApiJson).map_err(|e| {
            use serde_json::error::Category;
            let code = match e.classify() {
                Category::Data => ErrorCode::ValidationFailed,
                Category::Io | Category::Syntax | Category::Eof => ErrorCode::MalformedRequest,
            };
            AppError::Api(ApiError::new(
                code,
                format!("the JSON body is not acceptable: {e}"),
            ))
        })
    }
}

/// Query parameters: a wrong value answers 400 `validation_failed`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| ApiQuery(v))
            .map_err(|rejection| {
                AppError::api(
                    ErrorCode::ValidationFailed,
                    format!(
                        "a query parameter is not acceptable: {}",
                        rejection.body_text()
                    ),
                )
            })
    }
}
