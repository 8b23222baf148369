//! The outbox sender: delivers queued actions in order, retrying passing
//! failures with backoff and marking refused ones failed.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, watch, Notify};

use super::backoff::Backoff;
use super::client::{ApiClient, CallError};
use super::link::Link;
use crate::store::Store;
use crate::views::ChangeNotice;

/// Runs until shutdown, woken by `kick` whenever something was queued or the
/// link came back.
pub async fn run(
    store: Arc<Store>,
    client: ApiClient,
    link: Link,
    kick: Arc<Notify>,
    changes: broadcast::Sender<ChangeNotice>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut backoff = Backoff::new(Duration::from_millis(250), Duration::from_secs(15));
    loop {
        let delay = match deliver_all(&store, &client, &link, &changes).await {
            Ok(()) => {
                backoff.reset();
                None
            }
            Err(()) => Some(backoff.next_delay()),
        };
        let wait = async {
            match delay {
                Some(d) => tokio::time::sleep(d).await,
                None => kick.notified().await,
            }
        };
        tokio::select! {
            _ = wait => {}
            _ = kick.notified(), if delay.is_some() => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Delivers every pending row; Err(()) when a passing failure stopped it.
async fn deliver_all(
    store: &Store,
    client: &ApiClient,
    link: &Link,
    changes: &broadcast::Sender<ChangeNotice>,
) -> Result<(), ()> {
    loop {
        let item = match store.next_pending() {
            Ok(Some(item)) => item,
            Ok(None) => return Ok(()),
            Err(e) => {
                tracing::error!(error = %e.message, "reading the outbox");
                return Err(());
            }
        };
        let notice = ChangeNotice {
            conversation_ids: vec![item.send.conversation_id.clone()],
            lists: true,
        };
        match client
            .send_message(&item.send.conversation_id, &item.send.request)
            .await
        {
            Ok(message) => {
                if let Err(e) = store.complete_send(&item.client_id, &message) {
                    tracing::error!(error = %e.message, "recording a delivered message");
                    return Err(());
                }
            }
            Err(CallError::Transient(reason)) => {
                let _ = store.record_attempt(&item.client_id, &reason);
                return Err(());
            }
            Err(CallError::Unauthenticated(e)) => {
                let _ = store.record_attempt(&item.client_id, &e.message);
                return Err(());
            }
            Err(CallError::Refused(e)) => {
                let _ = store.fail_send(&item.client_id, &e.message);
            }
            Err(CallError::Gone) => {
                let _ = store.fail_send(&item.client_id, "the server refused the message");
            }
        }
        if let Ok(n) = store.queued_count() {
            link.set_queued(n);
        }
        let _ = changes.send(notice);
    }
}
