//! Typing indicators (MSG-7): who is typing where, fanned out in memory to
//! this instance's sockets. Not an event: nothing is logged or replayed, and
//! a missed signal only means a missed "typing…".

use std::sync::Arc;

use tokio::sync::broadcast;

/// Signals a slow socket may miss before older ones are dropped.
const CAPACITY: usize = 256;

/// Someone is typing in a conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

impl Default for TypingHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self { sender }
    }
}

impl TypingHub {
    /// Tells every socket of this instance.
    pub fn publish(&self, typing: Typing) {
        let _ = self.sender.send(Arc::new(typing));
    }

    /// A receiver of the signals from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Typing>> {
        self.sender.subscribe()
    }
}
