//! The engine: the live-sync task and the outbox task, and the handle the
//! app holds to send, observe and stop them.

use std::sync::Arc;
use std::time::Duration;

use fiido_protocol::ws::AgentFrame;
use futures_util::StreamExt;
use tokio::sync::{broadcast, watch, Notify};
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::backoff::Backoff;
use super::client::{ApiClient, CallError};
use super::follower::{catch_up, on_event};
use super::link::Link;
use crate::store::Store;
use crate::views::{ChangeNotice, LinkState, LinkStatus};

/// What the app holds of a running engine.
pub struct EngineHandle {
    /// Link state changes.
    pub link: watch::Receiver<LinkState>,
    /// "The cache changed" notices.
    pub changes: broadcast::Sender<ChangeNotice>,
    link_writer: Link,
    store: Arc<Store>,
    kick: Arc<Notify>,
    shutdown: watch::Sender<bool>,
}

impl EngineHandle {
    /// Wakes the outbox sender (after the agent queued something) and
    /// refreshes the queued count.
    pub fn outbox_changed(&self) {
        if let Ok(n) = self.store.queued_count() {
            self.link_writer.set_queued(n);
        }
        self.kick.notify_one();
    }

    /// Stops both tasks.
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }
}

impl Drop for EngineHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts syncing `store` with the server `client` talks to.
pub fn spawn(store: Arc<Store>, client: ApiClient) -> EngineHandle {
    let queued = store.queued_count().unwrap_or(0);
    let (link_writer, link) = Link::new(queued);
    let (changes, _) = broadcast::channel(256);
    let kick = Arc::new(Notify::new());
    let (shutdown, shutdown_rx) = watch::channel(false);
    tokio::spawn(super::outbox::run(
        store.clone(),
        client.clone(),
        link_writer.clone(),
        kick.clone(),
        changes.clone(),
        shutdown_rx.clone(),
    ));
    tokio::spawn(super::media::run(
        store.clone(),
        client.clone(),
        link.clone(),
        changes.clone(),
        shutdown_rx.clone(),
    ));
    tokio::spawn(live(
        store.clone(),
        client,
        link_writer.clone(),
        kick.clone(),
        changes.clone(),
        shutdown_rx,
    ));
    EngineHandle {
        link,
        changes,
        link_writer,
        store,
        kick,
        shutdown,
    }
}

/// Why a session of the live loop ended.
enum Ended {
    /// Retry after a backoff.
    Retry(String),
    /// The log moved on: snapshot again.
    Resnapshot,
    /// The token is no longer valid: stop until the agent signs in again.
    SignedOut(String),
    Shutdown,
}

async fn live(
    store: Arc<Store>,
    client: ApiClient,
    link: Link,
    kick: Arc<Notify>,
    changes: broadcast::Sender<ChangeNotice>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut backoff = Backoff::new(Duration::from_millis(250), Duration::from_secs(30));
    loop {
        link.set_status(LinkStatus::Connecting, None);
        let ended = tokio::select! {
            ended = session(&store, &client, &link, &kick, &changes, &mut backoff) => ended,
            _ = shutdown.changed() => Ended::Shutdown,
        };
        let delay = match ended {
            Ended::Shutdown => return,
            Ended::SignedOut(reason) => {
                link.set_status(LinkStatus::Offline, Some(reason));
                return;
            }
            Ended::Resnapshot => {
                if let Err(e) = store.reset_for_snapshot() {
                    tracing::error!(error = %e.message, "resetting the cache for a snapshot");
                }
                let _ = changes.send(ChangeNotice::everything());
                Duration::ZERO
            }
            Ended::Retry(reason) => {
                let delay = backoff.next_delay();
                link.set_status(
                    LinkStatus::Offline,
                    Some(format!(
                        "{reason}; retrying in {} s",
                        delay.as_secs().max(1)
                    )),
                );
                delay
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = shutdown.changed() => return,
        }
    }
}

fn ended_by(error: CallError) -> Ended {
    match error {
        CallError::Transient(reason) => Ended::Retry(reason),
        CallError::Gone => Ended::Resnapshot,
        CallError::Unauthenticated(e) => Ended::SignedOut(format!("{} Sign in again.", e.message)),
        CallError::Refused(e) => Ended::Retry(e.message),
    }
}

/// One connection: snapshot if needed, then follow the socket until it ends.
async fn session(
    store: &Store,
    client: &ApiClient,
    link: &Link,
    kick: &Notify,
    changes: &broadcast::Sender<ChangeNotice>,
    backoff: &mut Backoff,
) -> Ended {
    match store.has_snapshot() {
        Ok(true) => {}
        Ok(false) => {
            if let Err(e) = snapshot(store, client).await {
                return ended_by(e);
            }
            let _ = changes.send(ChangeNotice::everything());
        }
        Err(e) => return Ended::Retry(e.message),
    }
    // Back after an absence: pull what was missed over `/events` first, a
    // page per transaction, rather than as the socket's replay, one frame
    // per transaction (issue 9's catch-up benchmark).
    match catch_up(store, client).await {
        Ok(changed) => {
            if !changed.is_empty() {
                let _ = changes.send(changed);
            }
        }
        Err(e) => return ended_by(e),
    }
    let after = match store.last_seq() {
        Ok(seq) => seq,
        Err(e) => return Ended::Retry(e.message),
    };
    let mut socket = match client.connect(after).await {
        Ok(socket) => socket,
        Err(e) => return ended_by(e),
    };
    backoff.reset();
    kick.notify_one();
    while let Some(message) = socket.next().await {
        let text = match message {
            Ok(WsMessage::Text(text)) => text,
            Ok(WsMessage::Close(_)) => break,
            Ok(_) => continue,
            Err(e) => return Ended::Retry(e.to_string()),
        };
        let frame: AgentFrame = match serde_json::from_str(&text) {
            Ok(frame) => frame,
            Err(e) => {
                tracing::warn!(error = %e, "an unreadable frame; ignoring it");
                continue;
            }
        };
        let changed = match frame {
            AgentFrame::Event { prev, event } => on_event(store, client, prev, &event).await,
            AgentFrame::CaughtUp { head } => {
                // Everything up to `head` that this agent may see was replayed.
                tracing::info!(head, "caught up; online");
                link.set_status(LinkStatus::Online, None);
                store
                    .apply_events(&[], head)
                    .map_err(|e| CallError::Transient(e.message))
            }
            AgentFrame::Resync { .. } => return Ended::Resnapshot,
            AgentFrame::Typing { conversation_id } => Ok(ChangeNotice {
                typing: vec![conversation_id],
                ..Default::default()
            }),
        };
        match changed {
            Ok(changed) => {
                if !changed.is_empty() {
                    let _ = changes.send(changed);
                }
            }
            Err(e) => return ended_by(e),
        }
    }
    Ended::Retry("the connection closed".into())
}

/// Takes a full snapshot into an emptied cache.
async fn snapshot(store: &Store, client: &ApiClient) -> Result<(), CallError> {
    store
        .reset_for_snapshot()
        .map_err(|e| CallError::Transient(e.message))?;
    let mut cursor: Option<String> = None;
    loop {
        let page = client.snapshot(cursor.as_deref()).await?;
        let applied = store
            .apply_snapshot_page(&page)
            .map_err(|e| CallError::Transient(e.message))?;
        if applied.complete {
            break;
        }
        cursor = page.next_cursor;
    }
    // Whatever happened while the snapshot was paged is in the log.
    catch_up(store, client).await.map(|_| ())
}
