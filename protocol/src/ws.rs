//! WebSocket frames, for agents (`/api/v1/ws`) and for the customer widget
//! (`/api/v1/widget/ws`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::events::Event;
use crate::model::Message;

/// What the server sends an agent's socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgentFrame {
    /// One event. `prev` is the position this socket stood at before it:
    /// a client whose `last_seq` differs from `prev` has missed something and
    /// catches up over `/api/v1/events` (events of other stores are filtered
    /// out, so seqs alone may skip).
    Event { prev: i64, event: Box<Event> },
    /// The replay from the log is done; live events follow.
    CaughtUp { head: i64 },
    /// The log no longer reaches back to the requested position: the client
    /// must take a fresh snapshot. The socket closes after this frame.
    Resync { reason: String },
    /// The customer is typing in a conversation (MSG-7); not logged, not replayed.
    Typing { conversation_id: String },
}

/// What the widget sends first on its socket (browsers cannot set headers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WidgetClientFrame {
    Auth {
        token: String,
    },
    /// The visitor is typing (MSG-7); send at most every few seconds.
    Typing,
}

/// What the server sends the widget's socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WidgetFrame {
    /// Authenticated; `head` is the newest seq at that moment.
    Ready { head: i64 },
    /// A new or changed message of the visitor's conversation.
    Message { seq: i64, message: Box<Message> },
    /// The store closed the visitor's conversation: the widget offers the
    /// satisfaction survey (STAT-5).
    Closed { seq: i64 },
    /// The socket is refused; it closes after this frame.
    Error { code: String, message: String },
    /// An agent is typing a reply (MSG-7).
    Typing { name: String },
    /// The visitor's place in the store's queue (AUTO-6): 1 is next; null
    /// once an agent has the conversation.
    Queue { position: Option<i64> },
}
