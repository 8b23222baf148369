//! One widget visitor's live socket: authenticate with the first frame, then
//! replay the conversation's messages after `after` and stream new ones,
//! with the agent's typing and the visitor's place in the queue; the
//! visitor's own typing goes the other way.

use std::time::Duration;

use axum::extract::ws::{Message as WsMessage, WebSocket};
use fiido_protocol::events::{Event, EventData};
use fiido_protocol::ws::{WidgetClientFrame, WidgetFrame};

use super::live::{self, Feed};
use crate::app::AppState;
use crate::auth::Visitor;
use crate::db;
use crate::error::AppResult;
use crate::typing::Typing;

/// How long a fresh socket may take to send its auth frame.
const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// Events read from the log per query while replaying.
const REPLAY_BATCH: i64 = 500;

/// A visitor's view of the stream: the messages of their conversation.
struct VisitorFeed {
    state: AppState,
    conversation_id: String,
    /// The conversation's store, once it exists (the first message creates it).
    store_id: Option<String>,
    /// The place in the queue last sent; None before the first.
    position: Option<Option<i64>>,
}

impl VisitorFeed {
    /// Sends the queue place when it changed; false when the socket is gone.
    async fn send_position(&mut self, socket: &mut WebSocket) -> bool {
        let Ok(position) =
            db::routing::queue_position(self.state.db.pool(), &self.conversation_id).await
        else {
            return true;
        };
        if self.position == Some(position) {
            return true;
        }
        self.position = Some(position);
        live::send(socket, &WidgetFrame::Queue { position }).await
    }
}

impl Feed for VisitorFeed {
    async fn replay(&mut self, socket: &mut WebSocket, scanned: &mut i64) -> AppResult<bool> {
        let pool = &self.state.db.pool().clone();
        loop {
            let batch = db::events::messages_of_conversation_after(
                pool,
                &self.conversation_id,
                *scanned,
                REPLAY_BATCH,
            )
            .await?;
            let full = batch.len() as i64 >= REPLAY_BATCH;
            for event in &batch {
                *scanned = event.seq;
                if !self.deliver(socket, event, None).await {
                    return Ok(false);
                }
            }
            if !full {
                return Ok(true);
            }
        }
    }

    async fn typing(&mut self, socket: &mut WebSocket, typing: &Typing) -> bool {
        match &typing.agent_name {
            Some(name) if typing.conversation_id == self.conversation_id => {
                live::send(socket, &WidgetFrame::Typing { name: name.clone() }).await
            }
            _ => true,
        }
    }

    fn received(&mut self, text: &str) {
        if let (Ok(WidgetClientFrame::Typing), Some(store_id)) = (
            serde_json::from_str::<WidgetClientFrame>(text),
            &self.store_id,
        ) {
            self.state.typing.publish(Typing {
                conversation_id: self.conversation_id.clone(),
                store_id: store_id.clone(),
                agent_name: None,
            });
        }
    }

    async fn deliver(
        &mut self,
        socket: &mut WebSocket,
        event: &Event,
        _json: Option<&str>,
    ) -> bool {
        // Any conversation of the store changing may move the queue.
        if let EventData::ConversationUpserted { conversation } = &event.data {
            if conversation.id == self.conversation_id {
                self.store_id = Some(conversation.store_id.clone());
            }
            if self.store_id.as_deref() == Some(conversation.store_id.as_str())
                && !self.send_position(socket).await
            {
                return false;
            }
        }
        if event.conversation_id.as_deref() != Some(self.conversation_id.as_str()) {
            return true;
        }
        match &event.data {
            EventData::MessageUpserted { message } => {
                live::send(
                    socket,
                    &WidgetFrame::Message {
                        seq: event.seq,
                        message: Box::new(message.clone()),
                    },
                )
                .await
            }
            EventData::ConversationUpserted { conversation }
                if conversation.status == fiido_protocol::model::ConversationStatus::Closed =>
            {
                live::send(socket, &WidgetFrame::Closed { seq: event.seq }).await
            }
            _ => true,
        }
    }
}

/// Serves the socket until the visitor leaves or the server shuts down.
pub async fn run(state: AppState, after: i64, mut socket: WebSocket) {
    let Some(visitor) = authenticate(&state, &mut socket).await else {
        live::close(socket, Ok(()), "widget").await;
        return;
    };
    let mut hub = state.db.hub().subscribe();
    let mut typing = state.typing.subscribe();
    let mut shutdown = state.shutdown.clone();
    let store_id = db::conversations::by_id(state.db.pool(), &visitor.session.conversation_id)
        .await
        .ok()
        .flatten()
        .map(|c| c.store_id);
    let mut feed = VisitorFeed {
        state,
        conversation_id: visitor.session.conversation_id,
        store_id,
        position: None,
    };
    let result: AppResult<()> = async {
        let head = db::events::head(feed.state.db.pool()).await?;
        let mut scanned = after;
        if !live::send(&mut socket, &WidgetFrame::Ready { head }).await
            || !feed.replay(&mut socket, &mut scanned).await?
            || !feed.send_position(&mut socket).await
        {
            return Ok(());
        }
        live::follow(
            &mut feed,
            &mut socket,
            &mut hub,
            &mut typing,
            &mut shutdown,
            scanned.max(head),
        )
        .await
    }
    .await;
    live::close(socket, result, "widget").await;
}

async fn authenticate(state: &AppState, socket: &mut WebSocket) -> Option<Visitor> {
    let first = tokio::time::timeout(AUTH_TIMEOUT, socket.recv())
        .await
        .ok()??
        .ok()?;
    let token = match first {
        WsMessage::Text(text) => match serde_json::from_str::<WidgetClientFrame>(&text) {
            Ok(WidgetClientFrame::Auth { token }) => token,
            Ok(_) | Err(_) => {
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
    live::send(socket, &frame).await;
}
