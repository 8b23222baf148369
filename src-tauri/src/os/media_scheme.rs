//! The `media:` scheme (KB-2): articles' images come from the local cache,
//! so they show offline and the CSP never has to allow the server's origin.
//! An image not cached yet is fetched once and kept.

use std::sync::Arc;

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::ApiClient;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::session::AppState;

/// The scheme's name: `media://localhost/{sha256}` in the page.
pub const SCHEME: &str = "media";

/// Answers one request of the page for `media://localhost/{id}`.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let id = request.uri().path().trim_start_matches('/').to_owned();
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        let found = match fiido_protocol::validate::media_id(&id) {
            Ok(()) => {
                let parts = app
                    .state::<AppState>()
                    .with_session(|s| Ok((s.store.clone(), s.client.clone())))
                    .await;
                match parts {
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
