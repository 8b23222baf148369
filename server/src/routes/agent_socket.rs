//! One agent's live socket: replay from the log, `caught_up`, then live
//! events, each framed with the position the client stood at.

use axum::extract::ws::WebSocket;
use fiido_protocol::events::Event;
use fiido_protocol::ws::AgentFrame;

use super::live::{self, Feed};
use crate::app::AppState;
use crate::db::{self, Scope};
use crate::error::AppResult;
use crate::typing::Typing;

/// Events read from the log per query while replaying.
const REPLAY_BATCH: i64 = 500;

/// An agent's view of the stream.
struct AgentFeed {
    state: AppState,
    scope: Scope,
    /// The highest seq the client was told about: its `last_seq`.
    told: i64,
}

impl Feed for AgentFeed {
    async fn replay(&mut self, socket: &mut WebSocket, scanned: &mut i64) -> AppResult<bool> {
        let pool = &self.state.db.pool().clone();
        if *scanned < db::events::floor(pool).await? {
            let frame = AgentFrame::Resync {
                reason: "the event log was pruned past this position".into(),
            };
            live::send(socket, &frame).await;
            return Ok(false);
        }
        loop {
            let head = db::events::head(pool).await?;
            let batch =
                db::events::visible_after(pool, &self.scope, *scanned, REPLAY_BATCH).await?;
            let full = batch.len() as i64 >= REPLAY_BATCH;
            for event in batch {
                *scanned = event.seq;
                if !self.deliver(socket, &event, None).await {
                    return Ok(false);
                }
            }
            if !full {
                // Every event up to `head` was committed before the read, so
                // the filtered-out ones up to it are examined too.
                *scanned = (*scanned).max(head);
                return Ok(true);
            }
        }
    }

    async fn typing(&mut self, socket: &mut WebSocket, typing: &Typing) -> bool {
        if typing.agent_name.is_some() || !self.scope.sees_store(Some(&typing.store_id)) {
            return true;
        }
        let frame = AgentFrame::Typing {
            conversation_id: typing.conversation_id.clone(),
        };
        live::send(socket, &frame).await
    }

    /// Agents tell typing over `POST …/typing`; nothing to read here.
    fn received(&mut self, _text: &str) {}

    async fn deliver(&mut self, socket: &mut WebSocket, event: &Event, json: Option<&str>) -> bool {
        if !self.scope.sees(event) {
            return true;
        }
        let prev = self.told;
        self.told = event.seq;
        match json {
            // The same frame `AgentFrame::Event` writes, around the shared JSON.
            Some(json) => {
                let text = format!(r#"{{"type":"event","prev":{prev},"event":{json}}}"#);
                live::send_text(socket, text).await
            }
            None => {
                let frame = AgentFrame::Event {
                    prev,
                    event: Box::new(event.clone()),
                };
                live::send(socket, &frame).await
            }
        }
    }
}

/// Serves the socket until the client leaves, the server shuts down, or the
/// log cannot serve it any more.
pub async fn run(state: AppState, scope: Scope, after: i64, mut socket: WebSocket) {
    let mut shutdown = state.shutdown.clone();
    let presence = state.clone();
    let agent_id = scope.agent_id.clone();
    crate::presence::record(&presence, &agent_id, true).await;
    // Subscribe before reading the log, so nothing committed in between is lost.
    let mut hub = state.db.hub().subscribe();
    let mut typing = state.typing.subscribe();
    let mut feed = AgentFeed {
        state,
        scope,
        told: after,
    };
    let result: AppResult<()> = async {
        let mut scanned = after;
        if !feed.replay(&mut socket, &mut scanned).await? {
            return Ok(());
        }
        feed.told = scanned;
        if !live::send(&mut socket, &AgentFrame::CaughtUp { head: scanned }).await {
            return Ok(());
        }
        live::follow(
            &mut feed,
            &mut socket,
            &mut hub,
            &mut typing,
            &mut shutdown,
            scanned,
        )
        .await
    }
    .await;
    live::close(socket, result, "agent").await;
    crate::presence::record(&presence, &agent_id, false).await;
}
