//! Keeps article images in the cache (KB-2): whenever the articles change or
//! the link comes back, the images they show that are not cached yet are
//! fetched, so an article reads the same offline.

use std::sync::Arc;

use tokio::sync::{broadcast, watch};

use super::client::ApiClient;
use crate::store::Store;
use crate::views::{ChangeNotice, LinkState, LinkStatus};

/// Runs until shutdown.
pub async fn run(
    store: Arc<Store>,
    client: ApiClient,
    mut link: watch::Receiver<LinkState>,
    notices: broadcast::Sender<ChangeNotice>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut changes = notices.subscribe();
    loop {
        if link.borrow().status == LinkStatus::Online && fetch_missing(&store, &client).await {
            // Articles open now can show the images.
            let _ = notices.send(ChangeNotice {
                catalogue: true,
                ..Default::default()
            });
        }
        loop {
            tokio::select! {
                notice = changes.recv() => match notice {
                    Ok(n) if n.catalogue => break,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                changed = link.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    if link.borrow().status == LinkStatus::Online {
                        break;
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// Fetches the images not cached yet; whether any was kept.
async fn fetch_missing(store: &Store, client: &ApiClient) -> bool {
    let missing = match store.missing_media() {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e.message, "listing article images");
            return false;
        }
    };
    let mut kept = false;
    for id in missing {
        match client.media(&id).await {
            Ok(Some((content_type, bytes))) => match store.save_media(&id, &content_type, &bytes) {
                Ok(()) => kept = true,
                Err(e) => tracing::warn!(error = %e.message, "keeping an article image"),
            },
            Ok(None) => tracing::warn!(%id, "an article shows an image the server does not have"),
            Err(e) => {
                tracing::debug!(error = ?e, "fetching article images; later");
                break;
            }
        }
    }
    kept
}
