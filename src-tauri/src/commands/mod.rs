//! IPC commands, one file per area. No SQL here: commands call desk-core.

pub mod conversation_actions;
pub mod conversations;
pub mod diagnostics;
pub mod files;
pub mod link;
pub mod messages;
pub mod orders;
pub mod privacy;
pub mod products;
pub mod replies;
pub mod reply_list;
pub mod search;
pub mod session;
pub mod settings;
pub mod stats;
pub mod tickets;
