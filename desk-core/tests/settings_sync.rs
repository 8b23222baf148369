//! The agent's Ctrl+1..9 slots (QR-3) against the real server: saved in the
//! cache at once, delivered through the outbox even when made offline, and
//! followed by the agent's other desk; a slot fills the reply in the
//! customer's language.

mod common;

use common::{desk, until};
use fiido_desk_core::views::LinkStatus;
use fiido_protocol::model::{AgentSettings, HotkeyScope, SlotAssignment};
use fiido_testkit::TestServer;

#[tokio::test]
async fn slots_saved_offline_reach_the_server_and_the_agents_other_desk() {
    let mut server = TestServer::start_demo();
    let (laptop, laptop_engine, _) = desk(&server, "agent@demo.fiido").await;
    let (office, office_engine, _) = desk(&server, "agent@demo.fiido").await;
    assert_eq!(
        laptop.settings().unwrap().slots.len(),
        9,
        "the seed's slots"
    );

    server.stop();
    until(&laptop_engine, "offline", || {
        laptop_engine.link.borrow().status == LinkStatus::Offline
    })
    .await;
    let replies = laptop.quick_replies().unwrap();
    let closing = replies
        .iter()
        .find(|r| r.title == "Closing message")
        .unwrap();
    let wanted = AgentSettings {
        slots: vec![SlotAssignment {
            slot: 2,
            quick_reply_id: closing.id.clone(),
        }],
        hotkey_scope: HotkeyScope::SystemWide,
        ..Default::default()
    };
    laptop.enqueue_settings(&wanted).unwrap();
    laptop_engine.outbox_changed();
    assert_eq!(laptop.settings().unwrap(), wanted, "in effect offline");
    assert_eq!(laptop_engine.link.borrow().queued, 1);

    server.restart();
    until(&office_engine, "the other desk follows", || {
        office.settings().unwrap() == wanted
    })
    .await;
    until(&laptop_engine, "the outbox drained", || {
        laptop_engine.link.borrow().queued == 0
    })
    .await;
    assert_eq!(laptop.settings().unwrap(), wanted);
}

#[tokio::test]
async fn a_slot_fills_its_reply_in_the_customers_language_and_refuses_unknown_replies() {
    let server = TestServer::start_demo();
    let (store, _engine, login) = desk(&server, "agent@demo.fiido").await;
    let mut ids = Vec::new();
    for id in store.conversation_ids().unwrap() {
        let detail = store.conversation_detail(&id).unwrap().unwrap();
        let language = detail.customer.as_ref().and_then(|c| c.language.clone());
        ids.push((id, language));
    }
    let german = ids
        .iter()
        .find(|(_, l)| l.as_deref() == Some("de"))
        .map(|(id, _)| id.clone())
        .expect("a German-speaking customer in the demo");
    let closing = store
        .quick_replies()
        .unwrap()
        .into_iter()
        .find(|r| r.title == "Closing message")
        .unwrap();
    let german_body = &closing
        .variants
        .iter()
        .find(|v| v.language == "de")
        .expect("a German variant")
        .body;
    store
        .enqueue_settings(&AgentSettings {
            slots: vec![SlotAssignment {
                slot: 4,
                quick_reply_id: closing.id.clone(),
            }],
            hotkey_scope: HotkeyScope::InDesk,
            ..Default::default()
        })
        .unwrap();
    let filled = store
        .filled_slot_reply(&german, 4, &login.agent)
        .unwrap()
        .expect("slot 4 holds the closing message");
    let opening: String = german_body.chars().take_while(|c| *c != '{').collect();
    assert!(filled.text.starts_with(&opening), "{}", filled.text);
    assert!(store
        .filled_slot_reply(&german, 5, &login.agent)
        .unwrap()
        .is_none());

    let unknown = AgentSettings {
        slots: vec![SlotAssignment {
            slot: 1,
            quick_reply_id: "deleted-reply".into(),
        }],
        hotkey_scope: HotkeyScope::InDesk,
        ..Default::default()
    };
    let error = store.enqueue_settings(&unknown).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("slots"));
    assert_eq!(store.settings().unwrap().slots[0].slot, 4, "unchanged");
}
