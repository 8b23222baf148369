//! One widget visitor's live socket: authenticate with the first frame, then
//! replay the conversation's messages after `after` and stream new ones.

use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket};
use fiido_protocol::events::{Event, EventData};
use fiido_protocol::ws::{WidgetClientFrame, WidgetFrame};
use tokio::sync::broadcast::error::RecvError;

use crate::app::AppState;
use crate::auth::Visitor;
use crate::db;
use crate::error::AppResult;

/// How long a fresh socket may take to send its auth frame.
const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// Events read from the log per query while replaying.
const REPLAY_BATCH: i64 = 500;

/// Serves the socket until the visitor leaves or the server shuts down.
pub async fn run(state: AppState, after: i64, mut socket: WebSocket) {
    let Some(visitor) = authenticate(&state, &mut socket).await else {
        let _ = socket.send(WsMessage::Close(None)).await;
        return;
    };
    let conversation_id = visitor.session.conversation_id.clone();
    let mut live = state.db.hub().subscribe();
    let mut shutdown = state.shutdown.clone();
    let mut scanned = after;
    let result: AppResult<()> = async {
        let head = db::events::head(state.db.pool()).await?;
        if !send(&mut socket, &WidgetFrame::Ready { head }).await
            || !replay(&state, &conversation_id, &mut scanned, &mut socket).await?
        {
            return Ok(());
        }
        scanned = scanned.max(head);
        loop {
            tokio::select! {
                received = live.recv() => match received {
                    Ok(event) => {
                        if event.seq <= scanned {
                            continue;
                        }
                        if event.seq > scanned + 1 {
                            if !replay(&state, &conversation_id, &mut scanned, &mut socket).await? {
                                return Ok(());
                            }
                            scanned = scanned.max(event.seq);
                            continue;
                        }
                        scanned = event.seq;
                        if !forward(&conversation_id, &event, &mut socket).await {
                            return Ok(());
                        }
                    }
                    Err(RecvError::Lagged(_)) => {
                        if !replay(&state, &conversation_id, &mut scanned, &mut socket).await? {
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
        tracing::warn!(error = %e, "widget socket ended with an error");
    }
    let _ = socket.send(WsMessage::Close(None)).await;
}

async fn authenticate(state: &AppState, socket: &mut WebSocket) -> Option<Visitor> {
    let first = tokio::time::timeout(AUTH_TIMEOUT, socket.recv())
        .await
        .ok()??
        .ok()?;
    let token = match first {
        WsMessage::Text(text) => match serde_json::from_str::<WidgetClientFrame>(&text) {
            Ok(WidgetClientFrame::Auth { token }) => token,
            Err(_) => {
                refuse(
                    socket,
                    "validation_failed",
                    "the first frame must be {\"type\":\"auth\",\"token\":...}",
                )
                .await;
                return None;
            }
        },
        _ => return None,
    };
    match Visitor::from_token(state, &token).await {
        Ok(visitor) => Some(visitor),
        Err(_) => {
            refuse(
                socket,
                "unauthenticated",
                "the chat session is unknown or has expired; start a new chat",
            )
            .await;
            None
        }
    }
}

async fn refuse(socket: &mut WebSocket, code: &str, message: &str) {
    let frame = WidgetFrame::Error {
        code: code.into(),
        message: message.into(),
    };
    send(socket, &frame).await;
}

/// Sends the conversation's message events after `scanned` from the log.
async fn replay(
    state: &AppState,
    conversation_id: &str,
    scanned: &mut i64,
    socket: &mut WebSocket,
) -> AppResult<bool> {
    loop {
        let batch = db::events::messages_of_conversation_after(
            state.db.pool(),
            conversation_id,
            *scanned,
            REPLAY_BATCH,
        )
        .await?;
        let full = batch.len() as i64 >= REPLAY_BATCH;
        for event in &batch {
            *scanned = event.seq;
            if !forward(conversation_id, event, socket).await {
                return Ok(false);
            }
        }
        if !full {
            return Ok(true);
        }
    }
}

async fn forward(conversation_id: &str, event: &Event, socket: &mut WebSocket) -> bool {
    if event.conversation_id.as_deref() != Some(conversation_id) {
        return true;
    }
    match &event.data {
        EventData::MessageUpserted { message } => {
            send(
                socket,
                &WidgetFrame::Message {
                    seq: event.seq,
                    message: message.clone(),
                },
            )
            .await
        }
        _ => true,
    }
}

async fn send(socket: &mut WebSocket, frame: &WidgetFrame) -> bool {
    match serde_json::to_string(frame) {
        Ok(text) => socket.send(WsMessage::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}
