//! Property: whatever duplicates, gaps and reorderings the live stream has,
//! following it (with catch-up from the log) ends in the same cache as
//! applying the log in order.

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::client::CallError;
use fiido_desk_core::sync::follower::{catch_up, on_event, EventSource};
use fiido_protocol::events::{Event, EventData, EventsPage};
use fiido_protocol::model::{
    Author, Conversation, ConversationChannel, ConversationStatus, Customer, CustomerSource,
    DeliveryState, Message, MessagePreview,
};
use proptest::prelude::*;

/// The server's log, answering `/events` like the server does.
struct Log(Vec<Event>);

impl EventSource for Log {
    async fn events_after(&self, after: i64, limit: u32) -> Result<EventsPage, CallError> {
        let events: Vec<Event> = self
            .0
            .iter()
            .filter(|e| e.seq > after)
            .take(limit as usize)
            .cloned()
            .collect();
        let head = self.0.last().map(|e| e.seq).unwrap_or(0);
        Ok(EventsPage { events, head })
    }
}

fn customer(n: u8) -> Customer {
    Customer {
        id: format!("cu{n}"),
        store_id: "s".into(),
        nickname: format!("Kunde Müller {n}"),
        email: None,
        avatar_url: None,
        vip_level: i64::from(n % 3),
        tags: vec![],
        source: CustomerSource::Direct,
        country: Some("DE".into()),
        city: None,
        timezone: None,
        device: None,
        language: Some("de".into()),
        visits_this_month: 1,
        created_at: 0,
        blocked: false,
        behaviour: None,
    }
}

/// One change the server may make: (kind, which entity, a version number).
fn log_from(changes: &[(u8, u8, u16)]) -> Vec<Event> {
    changes
        .iter()
        .enumerate()
        .map(|(i, &(kind, which, version))| {
            let seq = i as i64 + 1;
            let conversation_id = format!("c{}", which % 4);
            let data = match kind % 3 {
                0 => EventData::CustomerUpserted {
                    customer: customer(which % 4),
                },
                1 => EventData::ConversationUpserted {
                    conversation: Conversation {
                        id: conversation_id.clone(),
                        store_id: "s".into(),
                        customer_id: format!("cu{}", which % 4),
                        status: [
                            ConversationStatus::Waiting,
                            ConversationStatus::Active,
                            ConversationStatus::Closed,
                        ][usize::from(version % 3)],
                        assignee_id: None,
                        channel: ConversationChannel::Web,
                        tags: (0..version % 3).map(|t| format!("tag{t}")).collect(),
                        pinned: version % 5 == 0,
                        starred: version % 2 == 0,
                        last_message: Some(MessagePreview {
                            author: Author::Customer,
                            body: format!("v{version}"),
                            at: seq,
                        }),
                        waiting_since: None,
                        unread_count: i64::from(version % 4),
                        order_number: None,
                        created_at: 0,
                        updated_at: seq,
                        snoozed_until: None,
                    },
                },
                _ => EventData::MessageUpserted {
                    message: Message {
                        id: format!("m{}", which % 8),
                        conversation_id: conversation_id.clone(),
                        author: Author::Customer,
                        author_id: None,
                        author_name: "Kunde".into(),
                        body: format!("Nachricht {version}"),
                        client_id: Some(format!("client-{}", which % 8)),
                        state: [
                            DeliveryState::Sent,
                            DeliveryState::Delivered,
                            DeliveryState::Read,
                        ][usize::from(version % 3)],
                        created_at: seq,
                        attachment: None,
                        card: None,
                        body_is_card_text: false,
                    },
                },
            };
            Event {
                seq,
                at: seq,
                store_id: Some("s".into()),
                conversation_id: Some(conversation_id),
                client_id: None,
                data,
            }
        })
        .collect()
}

/// A delivery of the log: indices into it, with repeats, drops and swaps.
fn delivery(len: usize) -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec((0..len, 0u8..10), 0..len * 2).prop_map(move |picks| {
        let mut order: Vec<usize> = (0..len).collect();
        for (i, (j, what)) in picks.into_iter().enumerate() {
            let i = i % len.max(1);
            match what {
                0..=1 => order.insert(i.min(order.len()), j), // a duplicate
                2..=3 if !order.is_empty() => {
                    order.remove(i % order.len()); // a drop
                }
                4..=5 if order.len() > 1 => {
                    let (a, b) = (i % order.len(), j % order.len());
                    order.swap(a, b); // a reordering
                }
                _ => {}
            }
        }
        order
    })
}

fn scenario() -> impl Strategy<Value = (Vec<(u8, u8, u16)>, Vec<usize>)> {
    prop::collection::vec((0u8..3, 0u8..16, 0u16..1000), 1..40).prop_flat_map(|changes| {
        let len = changes.len();
        (Just(changes), delivery(len))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_delivery_ends_in_the_state_of_the_log_applied_in_order((changes, order) in scenario()) {
        let log = Log(log_from(&changes));
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let expected = Store::open_in_memory().unwrap();
            expected.apply_events(&log.0, log.0.len() as i64).unwrap();

            let follower = Store::open_in_memory().unwrap();
            for index in order {
                let event = &log.0[index];
                // A full-view socket names the seq before each event as `prev`.
                on_event(&follower, &log, event.seq - 1, event).await.unwrap();
            }
            // The next connection's replay (or its `caught_up`) closes any gap at the end.
            catch_up(&follower, &log).await.unwrap();

            prop_assert_eq!(follower.last_seq().unwrap(), log.0.len() as i64);
            prop_assert_eq!(follower.fingerprint().unwrap(), expected.fingerprint().unwrap());
            Ok(())
        })?;
    }
}
