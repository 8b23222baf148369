//! Images in knowledge articles (KB-2): leads and admins upload them; the
//! article's Markdown refers to `/api/v1/media/{id}`. The id is the SHA-256
//! of the bytes, so a URL never changes meaning and can be cached for good.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use fiido_protocol::api::MediaRef;
use fiido_protocol::validate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{Auth, LeadOrAdmin};
use crate::clock::now_ms;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::RawBody;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_media))
        .routes(routes!(get_media))
}

/// Uploads an image (PNG, JPEG, GIF or WebP, checked by its bytes) for
/// articles. Uploading the same bytes again answers the same id.
#[utoipa::path(post, path = "/api/v1/media", tag = "catalogue", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "image/png", description = "the image; Content-Type image/png, image/jpeg, image/gif or image/webp"),
    responses(
        (status = 201, body = MediaRef),
        (status = 400, description = "validation_failed: empty, too large, or not the image type it claims", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large", body = fiido_protocol::ErrorBody),
        (status = 415, description = "unsupported_media_type: not an allowed image type", body = fiido_protocol::ErrorBody),
    ))]
async fn upload_media(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    headers: HeaderMap,
    RawBody(bytes): RawBody,
) -> AppResult<(StatusCode, Json<MediaRef>)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    validate::media(content_type, &bytes)?;
    let mut w = state.db.begin_write().await?;
    let id = db::media::put(
        w.conn(),
        content_type,
        &bytes,
        Some(&auth.agent.id),
        now_ms(),
    )
    .await?;
    w.commit().await?;
    let url = format!("/api/v1/media/{id}");
    Ok((StatusCode::CREATED, Json(MediaRef { id, url })))
}

/// An article image. Public like the articles that show it (its id cannot
/// be guessed), cached for good, never sniffed as another type.
#[utoipa::path(get, path = "/api/v1/media/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "the SHA-256 of the image")),
    responses(
        (status = 200, description = "the image", content_type = "image/png"),
        (status = 400, description = "validation_failed: not a media id", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_media(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    validate::media_id(&id)?;
    let (content_type, bytes) = db::media::get(state.db.pool(), &id)
        .await?
        .ok_or_else(|| AppError::not_found("image"))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
