//! Following the event stream into the cache: the planning is a pure
//! function, so a property test can drive it with duplicated, dropped and
//! reordered events (DESIGN §3, §8).

use fiido_protocol::events::{Event, EventsPage};

use super::client::CallError;
use crate::store::Store;
use crate::views::ChangeNotice;

/// Events asked for per catch-up request.
pub const CATCH_UP_LIMIT: u32 = 500;

/// What to do with an incoming event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Already applied: ignore it.
    Skip,
    /// The next one for this client: apply it.
    Apply,
    /// Something before it is missing: catch up from the log first.
    CatchUp,
}

/// Decides what to do with event `seq` whose frame says the socket stood at
/// `prev`, when the cache stands at `last_seq`.
pub fn plan(last_seq: i64, prev: i64, seq: i64) -> Step {
    if seq <= last_seq {
        Step::Skip
    } else if prev <= last_seq {
        Step::Apply
    } else {
        Step::CatchUp
    }
}

/// Where missed events come from: the server's `/events`, or a test's log.
pub trait EventSource {
    /// Visible events after `after`, at most `limit`.
    fn events_after(
        &self,
        after: i64,
        limit: u32,
    ) -> impl std::future::Future<Output = Result<EventsPage, CallError>> + Send;
}

impl EventSource for super::client::ApiClient {
    async fn events_after(&self, after: i64, limit: u32) -> Result<EventsPage, CallError> {
        super::client::ApiClient::events_after(self, after, limit).await
    }
}

/// Pulls and applies every event after the cache's `last_seq`.
pub async fn catch_up(store: &Store, source: &impl EventSource) -> Result<ChangeNotice, CallError> {
    let mut changed = ChangeNotice::default();
    loop {
        let after = store
            .last_seq()
            .map_err(|e| CallError::Transient(e.message))?;
        let page = source.events_after(after, CATCH_UP_LIMIT).await?;
        let short = page.events.len() < CATCH_UP_LIMIT as usize;
        let position = if short {
            page.head
        } else {
            page.events.last().map(|e| e.seq).unwrap_or(after)
        };
        let applied = store
            .apply_events(&page.events, position)
            .map_err(|e| CallError::Transient(e.message))?;
        merge(&mut changed, applied);
        if short {
            return Ok(changed);
        }
    }
}

/// Handles one event frame: apply it, skip it, or catch up first.
pub async fn on_event(
    store: &Store,
    source: &impl EventSource,
    prev: i64,
    event: &Event,
) -> Result<ChangeNotice, CallError> {
    let last = store
        .last_seq()
        .map_err(|e| CallError::Transient(e.message))?;
    match plan(last, prev, event.seq) {
        Step::Skip => Ok(ChangeNotice::default()),
        Step::Apply => store
            .apply_events(std::slice::from_ref(event), event.seq)
            .map_err(|e| CallError::Transient(e.message)),
        Step::CatchUp => {
            tracing::info!(
                last,
                prev,
                seq = event.seq,
                "gap in the event stream; catching up"
            );
            catch_up(store, source).await
        }
    }
}

/// Adds one change notice into another.
pub fn merge(into: &mut ChangeNotice, other: ChangeNotice) {
    into.lists |= other.lists;
    into.settings |= other.settings;
    into.catalogue |= other.catalogue;
    into.tickets |= other.tickets;
    into.ticket_alerts.extend(other.ticket_alerts);
    for id in other.conversation_ids {
        if !into.conversation_ids.contains(&id) {
            into.conversation_ids.push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_skips_repeats_applies_the_next_and_catches_up_after_a_gap() {
        assert_eq!(plan(10, 9, 10), Step::Skip);
        assert_eq!(plan(10, 10, 11), Step::Apply);
        assert_eq!(
            plan(10, 8, 12),
            Step::Apply,
            "filtered events in between are not missing"
        );
        assert_eq!(plan(10, 11, 12), Step::CatchUp);
    }
}
