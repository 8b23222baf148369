//! One agent's live socket: replay from the log, then live events from the
//! hub, never skipping a seq (DESIGN §3, §8).

use axum::extract::ws::{Message as WsMessage, WebSocket};
use fiido_protocol::events::Event;
use fiido_protocol::ws::AgentFrame;
use tokio::sync::broadcast::error::RecvError;

use crate::app::AppState;
use crate::db::{self, Scope};
use crate::error::AppResult;

/// Events read from the log per query while replaying.
const REPLAY_BATCH: i64 = 500;

/// Where the socket stands.
struct Cursor {
    /// The highest seq examined (sent or filtered out).
    scanned: i64,
    /// The highest seq the client was told about: its `last_seq`.
    told: i64,
}

/// Serves the socket until the client leaves, the server shuts down, or the
/// log cannot serve it any more.
pub async fn run(state: AppState, scope: Scope, after: i64, mut socket: WebSocket) {
    let mut shutdown = state.shutdown.clone();
    // Subscribe before reading the log, so nothing committed in between is lost.
    let mut live = state.db.hub().subscribe();
    let mut cursor = Cursor {
        scanned: after,
        told: after,
    };
    let result: AppResult<()> = async {
        if !replay(&state, &scope, &mut cursor, &mut socket).await? {
            return Ok(());
        }
        let caught_up = AgentFrame::CaughtUp { head: cursor.scanned };
        cursor.told = cursor.scanned;
        if !send(&mut socket, &caught_up).await {
            return Ok(());
        }
        loop {
            tokio::select! {
                received = live.recv() => match received {
                    Ok(event) => {
                        if event.seq <= cursor.scanned {
                            continue;
                        }
                        if event.seq > cursor.scanned + 1 {
                            // Out of step with the hub: the log has the missing seqs.
                            if !replay(&state, &scope, &mut cursor, &mut socket).await? {
                                return Ok(());
                            }
                            continue;
                        }
                        if !deliver(&scope, &mut cursor, &event, &mut socket).await {
                            return Ok(());
                        }
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "socket fell behind the live events; replaying from the log");
                        if !replay(&state, &scope, &mut cursor, &mut socket).await? {
                            return Ok(());
                        }
                    }
                    Err(RecvError::Closed) => return Ok(()),
                },
                incoming = socket.recv() => match incoming {
                    Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => return Ok(()),
                    Some(Ok(_)) => {}
                },
                _ = shutdown.changed() => return Ok(()),
            }
        }
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(error = %e, "agent socket ended with an error");
    }
    let _ = socket.send(WsMessage::Close(None)).await;
}

/// Sends every visible event after `cursor.scanned` from the log. Returns
/// false when the socket is gone.
async fn replay(
    state: &AppState,
    scope: &Scope,
    cursor: &mut Cursor,
    socket: &mut WebSocket,
) -> AppResult<bool> {
    if cursor.scanned < db::events::floor(state.db.pool()).await? {
        let frame = AgentFrame::Resync {
            reason: "the event log was pruned past this position".into(),
        };
        send(socket, &frame).await;
        return Ok(false);
    }
    loop {
        let head = db::events::head(state.db.pool()).await?;
        let batch =
            db::events::visible_after(state.db.pool(), scope, cursor.scanned, REPLAY_BATCH).await?;
        let full = batch.len() as i64 >= REPLAY_BATCH;
        for event in batch {
            if !deliver(scope, cursor, &event, socket).await {
                return Ok(false);
            }
        }
        if !full {
            // Every event up to `head` was committed before the read, so the
            // filtered-out ones up to it are examined too.
            cursor.scanned = cursor.scanned.max(head);
            return Ok(true);
        }
    }
}

async fn deliver(
    scope: &Scope,
    cursor: &mut Cursor,
    event: &Event,
    socket: &mut WebSocket,
) -> bool {
    cursor.scanned = event.seq;
    if !scope.sees_store(event.store_id.as_deref()) {
        return true;
    }
    let frame = AgentFrame::Event {
        prev: cursor.told,
        event: Box::new(event.clone()),
    };
    cursor.told = event.seq;
    send(socket, &frame).await
}

async fn send(socket: &mut WebSocket, frame: &AgentFrame) -> bool {
    match serde_json::to_string(frame) {
        Ok(text) => socket.send(WsMessage::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}
