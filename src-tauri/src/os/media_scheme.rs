//! The `media:` scheme (KB-2, MSG-3): articles' images and the images sent
//! in conversations come from the local cache, so they show offline and the
//! CSP never has to allow the server's origin. An image not cached yet is
//! fetched once and kept. Files are content-addressed (SHA-256) on the
//! server, so one cache keyed by id holds both kinds.

use std::sync::Arc;

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::ApiClient;
use fiido_desk_core::DeskResult;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::session::AppState;

/// The scheme's name: `media://localhost/{sha256}` in the page for an
/// article image, `media://localhost/attachment/{sha256}` for a
/// conversation's image.
pub const SCHEME: &str = "media";

/// Answers one request of the page for `media://localhost/{id}`.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let path = request.uri().path().trim_start_matches('/').to_owned();
    let (is_attachment, id) = match path.strip_prefix("attachment/") {
        Some(id) => (true, id.to_owned()),
        None => (false, path),
    };
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let found = match fiido_protocol::validate::media_id(&id) {
            Ok(()) => {
                let parts = app
                    .state::<AppState>()
                    .with_session(|s| Ok((s.store.clone(), s.client.clone())))
                    .await;
                match parts {
                    Ok((store, client)) if is_attachment => attachment(&store, &client, &id)
                        .await
                        .ok()
                        .and_then(|bytes| {
                            let image = fiido_protocol::attachments::image_type(&bytes)?;
                            Some((image.to_owned(), bytes))
                        }),
                    Ok((store, client)) => image(&store, &client, &id).await,
                    Err(_) => None,
                }
            }
            Err(_) => None,
        };
        responder.respond(response(found));
    });
}

async fn image(store: &Arc<Store>, client: &ApiClient, id: &str) -> Option<(String, Vec<u8>)> {
    if let Ok(Some(cached)) = store.media(id) {
        return Some(cached);
    }
    let (content_type, bytes) = client.media(id).await.ok()??;
    if let Err(e) = store.save_media(id, &content_type, &bytes) {
        tracing::warn!(error = %e.message, "keeping an article image");
    }
    Some((content_type, bytes))
}

/// A conversation's file (MSG-3): from the cache, else fetched once and kept.
pub async fn attachment(store: &Store, client: &ApiClient, id: &str) -> DeskResult<Vec<u8>> {
    if let Some((_, bytes)) = store.media(id)? {
        return Ok(bytes);
    }
    let bytes = client.attachment(id).await?;
    let content_type =
        fiido_protocol::attachments::image_type(&bytes).unwrap_or("application/octet-stream");
    if let Err(e) = store.save_media(id, content_type, &bytes) {
        tracing::warn!(error = %e.message, "keeping a conversation's file");
    }
    Ok(bytes)
}

fn response(found: Option<(String, Vec<u8>)>) -> Response<Vec<u8>> {
    let built = match found {
        Some((content_type, bytes)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .body(bytes),
        None => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Vec::new()),
    };
    built.unwrap_or_else(|_| Response::new(Vec::new()))
}
