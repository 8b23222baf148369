//! Typing indicators (MSG-7): who is typing where, fanned out in memory to
//! this instance's sockets. Not an event: nothing is logged or replayed, and
//! a missed signal only means a missed "typing…".

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use tokio::sync::broadcast;

/// The PostgreSQL channel typing signals cross instances on.
pub const TYPING_CHANNEL: &str = "fiido_typing";

/// Signals a slow socket may miss before older ones are dropped.
const CAPACITY: usize = 256;

/// Someone is typing in a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    pub conversation_id: String,
    pub store_id: String,
    /// The customer, or an agent (then their name, shown to the customer).
    pub agent_name: Option<String>,
}

/// Cloneable handle to the typing signals.
#[derive(Clone)]
pub struct TypingHub {
    sender: broadcast::Sender<Arc<Typing>>,
    /// On PostgreSQL, signals go out as notifications so every instance
    /// (this one included, through `fanout`) hears them.
    relay: Option<AnyPool>,
}

impl Default for TypingHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self {
            sender,
            relay: None,
        }
    }
}

impl TypingHub {
    /// A hub whose signals reach the sockets of every instance sharing
    /// this PostgreSQL database.
    pub fn across_instances(pool: AnyPool) -> Self {
        Self {
            relay: Some(pool),
            ..Self::default()
        }
    }

    /// Tells every socket (of every instance, on PostgreSQL).
    pub fn publish(&self, typing: Typing) {
        let Some(pool) = self.relay.clone() else {
            self.deliver(typing);
            return;
        };
        let Ok(payload) = serde_json::to_string(&typing) else {
            return;
        };
        tokio::spawn(async move {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(TYPING_CHANNEL)
                .bind(payload)
                .execute(&pool)
                .await;
            if let Err(error) = sent {
                tracing::debug!(%error, "typing signal not relayed");
            }
        });
    }

    /// Tells the sockets of this instance.
    pub fn deliver(&self, typing: Typing) {
        let _ = self.sender.send(Arc::new(typing));
    }

    /// A receiver of the signals from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Typing>> {
        self.sender.subscribe()
    }
}
