//! The link state the UI always shows: online / connecting / offline, with
//! the number of queued actions.

use tokio::sync::watch;

use crate::views::{LinkState, LinkStatus};

/// Shared writer of the link state.
#[derive(Clone)]
pub struct Link {
    sender: watch::Sender<LinkState>,
}

impl Link {
    /// A link that starts connecting.
    pub fn new(queued: i64) -> (Self, watch::Receiver<LinkState>) {
        let (sender, receiver) = watch::channel(LinkState {
            status: LinkStatus::Connecting,
            queued,
            detail: None,
        });
        (Self { sender }, receiver)
    }

    /// Sets the connection status and why.
    pub fn set_status(&self, status: LinkStatus, detail: Option<String>) {
        self.sender.send_if_modified(|state| {
            let changed = state.status != status || state.detail != detail;
            state.status = status;
            state.detail = detail;
            changed
        });
    }

    /// Sets the queued count.
    pub fn set_queued(&self, queued: i64) {
        self.sender.send_if_modified(|state| {
            let changed = state.queued != queued;
            state.queued = queued;
            changed
        });
    }

    /// The current state.
    pub fn current(&self) -> LinkState {
        self.sender.borrow().clone()
    }
}
