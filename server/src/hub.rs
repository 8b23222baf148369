//! In-process fan-out of committed events to the sockets of this instance.
//!
//! The event log is the truth; the hub only saves sockets a database read per
//! event. A socket that lags behind it replays from the log (DESIGN §3).

use std::sync::Arc;

use fiido_protocol::events::Event;
use tokio::sync::broadcast;

/// How many events a slow socket may fall behind before it replays from the log.
const HUB_CAPACITY: usize = 4096;

/// A committed event with its JSON, written once for every socket that
/// passes it on (a thousand agent sockets then share one serialisation).
pub struct Published {
    pub event: Event,
    /// `serde_json` of `event`; None only if it could not be written.
    pub json: Option<String>,
}

/// Cloneable handle to the broadcast of committed events.
#[derive(Clone)]
pub struct EventHub {
    sender: broadcast::Sender<Arc<Published>>,
}

impl Default for EventHub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(HUB_CAPACITY);
        Self { sender }
    }
}

impl EventHub {
    /// Publishes committed events, in seq order.
    pub fn publish(&self, events: Vec<Event>) {
        for event in events {
            let json = serde_json::to_string(&event).ok();
            // No receiver is not an error: nobody is connected.
            let _ = self.sender.send(Arc::new(Published { event, json }));
        }
    }

    /// A receiver that sees every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.sender.subscribe()
    }
}
