//! The part every live socket shares: after a replay from the log, follow
//! the hub; on a gap or when lagging behind it, replay from the log again,
//! so no socket ever skips a seq (DESIGN §3, §8).

use std::sync::Arc;

use axum::extract::ws::{Message as WsMessage, WebSocket};
use fiido_protocol::events::Event;

use crate::hub::Published;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::error::AppResult;
use crate::typing::Typing;

/// Read buffer of a live socket. Clients send a few small frames (auth,
/// typing); tungstenite clears its whole read buffer before each read, and
/// the default 128 KiB cost every socket a 128 KiB memset per event sent
/// (about a third of the server's CPU under load) and 128 KiB of memory.
pub(super) const READ_BUFFER_BYTES: usize = 4 * 1024;

/// What one kind of socket streams.
pub(super) trait Feed {
    /// Sends what the log holds after `*scanned` and advances it; false when
    /// the socket is gone.
    async fn replay(&mut self, socket: &mut WebSocket, scanned: &mut i64) -> AppResult<bool>;

    /// Sends one live event, or skips it when it is not for this socket;
    /// false when the socket is gone. `json` is the event already written
    /// as JSON (live events from the hub), to pass on as it is.
    async fn deliver(&mut self, socket: &mut WebSocket, event: &Event, json: Option<&str>) -> bool;

    /// Passes on someone's typing, when it concerns this socket; false when
    /// the socket is gone.
    async fn typing(&mut self, socket: &mut WebSocket, typing: &Typing) -> bool;

    /// A text frame the client sent.
    fn received(&mut self, text: &str);
}

/// Follows the live events after `scanned` until the client leaves, the
/// server shuts down or the hub closes.
pub(super) async fn follow(
    feed: &mut impl Feed,
    socket: &mut WebSocket,
    live: &mut broadcast::Receiver<Arc<Published>>,
    typing: &mut broadcast::Receiver<Arc<Typing>>,
    shutdown: &mut watch::Receiver<bool>,
    mut scanned: i64,
) -> AppResult<()> {
    loop {
        tokio::select! {
            signal = typing.recv() => match signal {
                Ok(signal) => {
                    if !feed.typing(socket, &signal).await {
                        return Ok(());
                    }
                }
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return Ok(()),
            },
            received = live.recv() => match received {
                Ok(published) if published.event.seq <= scanned => {}
                Ok(published) if published.event.seq == scanned + 1 => {
                    scanned = published.event.seq;
                    if !feed.deliver(socket, &published.event, published.json.as_deref()).await {
                        return Ok(());
                    }
                }
                Ok(published) => {
                    let event = &published.event;
                    // Out of step with the hub: the log has the missing seqs
                    // (and this one: it was committed before it was published).
                    if !feed.replay(socket, &mut scanned).await? {
                        return Ok(());
                    }
                    scanned = scanned.max(event.seq);
                }
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a socket fell behind the live events; replaying from the log");
                    if !feed.replay(socket, &mut scanned).await? {
                        return Ok(());
                    }
                }
                Err(RecvError::Closed) => return Ok(()),
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return Ok(()),
                Some(Ok(WsMessage::Text(text))) => feed.received(&text),
                Some(Ok(_)) => {}
            },
            _ = shutdown.changed() => return Ok(()),
        }
    }
}

/// Sends one JSON frame; false when the socket is gone.
pub(super) async fn send(socket: &mut WebSocket, frame: &impl Serialize) -> bool {
    match serde_json::to_string(frame) {
        Ok(text) => socket.send(WsMessage::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

/// Sends text that is already a frame.
pub(super) async fn send_text(socket: &mut WebSocket, text: String) -> bool {
    socket.send(WsMessage::Text(text.into())).await.is_ok()
}

/// Ends a socket, logging why when it was an error.
pub(super) async fn close(mut socket: WebSocket, result: AppResult<()>, what: &str) {
    if let Err(e) = result {
        tracing::warn!(error = %e, "{what} socket ended with an error");
    }
    let _ = socket.send(WsMessage::Close(None)).await;
}
