//! The sync engine (DESIGN §3): snapshot on first start, then a WebSocket
//! from `last_seq`, catch-up over `/events` after a gap, a re-snapshot when the
//! log was pruned, and the outbox sender, with the link state always known.

pub mod backoff;
pub mod client;
pub mod engine;
pub mod follower;
pub mod link;
pub mod media;
pub mod outbox;

pub use client::ApiClient;
pub use engine::{spawn, EngineHandle};
