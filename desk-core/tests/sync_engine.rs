//! The sync engine against the real server: snapshot, live events, the
//! outbox delivering exactly once across an outage, and re-snapshot after the
//! log was pruned.

mod common;

use std::sync::Arc;

use common::until;

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::{spawn, ApiClient, EngineHandle};
use fiido_desk_core::views::{ConversationFilter, FilterKey, LinkStatus, LocalState};
use fiido_protocol::model::Agent;
use fiido_testkit::TestServer;
use serde_json::json;

async fn engine_for(
    server: &TestServer,
    email: &str,
) -> (Arc<Store>, EngineHandle, Agent, ApiClient) {
    let login = ApiClient::login(&server.base, email, "demo")
        .await
        .expect("login");
    let client = ApiClient::new(&server.base, login.token.clone());
    let store = Arc::new(Store::open_in_memory().unwrap());
    let handle = spawn(store.clone(), client.clone());
    (store, handle, login.agent, client)
}

#[tokio::test]
async fn the_first_start_takes_a_snapshot_and_then_follows_live_events() {
    let server = TestServer::start_demo();
    let (store, handle, agent, _) = engine_for(&server, "agent@demo.fiido").await;
    until(&handle, "online", || {
        handle.link.borrow().status == LinkStatus::Online
    })
    .await;

    let (_, page) = server
        .get(
            &server.login("agent@demo.fiido").await.token,
            "/api/v1/conversations?limit=500",
        )
        .await;
    let on_server = page["items"].as_array().unwrap().len() as i64;
    assert_eq!(
        store.filter_counts().unwrap().all,
        on_server,
        "every visible conversation is cached"
    );
    assert_eq!(agent.store_ids, vec!["store-eu"]);

    let (visitor, conversation) = server.visitor("fiido-eu", "Hannah Schröder").await;
    server
        .visitor_says(&visitor, "Mein Akku lädt nicht mehr")
        .await;
    until(&handle, "the visitor's message in the cache", || {
        store
            .conversation_detail(&conversation)
            .unwrap()
            .is_some_and(|d| {
                d.messages
                    .iter()
                    .any(|m| m.body == "Mein Akku lädt nicht mehr")
            })
    })
    .await;
    let detail = store.conversation_detail(&conversation).unwrap().unwrap();
    assert_eq!(detail.card.customer_name, "Hannah Schröder");
    assert_eq!(detail.card.status.as_str(), "waiting");
    let waiting = store
        .list_conversations(
            &ConversationFilter {
                key: FilterKey::Waiting,
                tag: None,
                store_id: None,
                channel: None,
            },
            0,
            1000,
        )
        .unwrap();
    assert!(waiting.items.iter().any(|c| c.id == conversation));
}

#[tokio::test]
async fn messages_sent_during_an_outage_arrive_exactly_once_in_order() {
    let mut server = TestServer::start_demo();
    let (store, handle, agent, _) = engine_for(&server, "agent@demo.fiido").await;
    let (v1, c1) = server.visitor("fiido-eu", "Anna").await;
    let (v2, c2) = server.visitor("fiido-eu", "Ben").await;
    server.visitor_says(&v1, "Frage 1").await;
    server.visitor_says(&v2, "Frage 2").await;
    until(&handle, "both conversations cached", || {
        store.conversation_detail(&c1).unwrap().is_some()
            && store.conversation_detail(&c2).unwrap().is_some()
    })
    .await;

    server.stop();
    until(&handle, "offline", || {
        handle.link.borrow().status == LinkStatus::Offline
    })
    .await;
    let sent = [
        (&c1, "Antwort eins"),
        (&c2, "Antwort zwei"),
        (&c1, "Antwort drei"),
    ];
    for (conversation, body) in sent {
        let message = store.enqueue_send(conversation, body, &agent).unwrap();
        assert_eq!(message.state, LocalState::Sending);
        handle.outbox_changed();
    }
    assert_eq!(handle.link.borrow().queued, 3);

    server.restart();
    until(&handle, "the outbox drained", || {
        let link = handle.link.borrow();
        link.status == LinkStatus::Online && link.queued == 0
    })
    .await;
    until(&handle, "every bubble sent", || {
        [&c1, &c2].iter().all(|c| {
            store
                .conversation_detail(c)
                .unwrap()
                .unwrap()
                .messages
                .iter()
                .all(|m| m.state != LocalState::Sending)
        })
    })
    .await;

    let (_, h1) = server.get(&v1, "/api/v1/widget/messages").await;
    let (_, h2) = server.get(&v2, "/api/v1/widget/messages").await;
    let bodies = |h: &serde_json::Value| -> Vec<String> {
        h["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["body"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        bodies(&h1),
        vec!["Frage 1", "Antwort eins", "Antwort drei"],
        "once each, in order"
    );
    assert_eq!(bodies(&h2), vec!["Frage 2", "Antwort zwei"]);
    let local = store.conversation_detail(&c1).unwrap().unwrap();
    let local_bodies: Vec<&str> = local.messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        local_bodies,
        vec!["Frage 1", "Antwort eins", "Antwort drei"],
        "no duplicate bubble"
    );
}

#[tokio::test]
async fn a_refused_send_is_marked_failed_and_the_queue_moves_on() {
    let server = TestServer::start_demo();
    let (store, handle, agent, _) = engine_for(&server, "agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Clara").await;
    server.visitor_says(&visitor, "Hallo").await;
    until(&handle, "cached", || {
        store.conversation_detail(&conversation).unwrap().is_some()
    })
    .await;

    // A conversation of another store: the server answers 404.
    let (us_visitor, us_conversation) = server.visitor("fiido-us", "Dan").await;
    server.visitor_says(&us_visitor, "Hi").await;
    let refused = store
        .enqueue_send(&us_conversation, "not mine", &agent)
        .unwrap();
    let accepted = store
        .enqueue_send(&conversation, "Guten Tag!", &agent)
        .unwrap();
    handle.outbox_changed();
    until(&handle, "the queue drained", || {
        handle.link.borrow().queued == 0
    })
    .await;
    until(&handle, "the second send delivered", || {
        store
            .conversation_detail(&conversation)
            .unwrap()
            .unwrap()
            .messages
            .iter()
            .any(|m| m.client_id == accepted.client_id && m.state != LocalState::Sending)
    })
    .await;
    let failed = store.conversation_detail(&us_conversation).unwrap();
    assert!(
        failed.is_none(),
        "another store's conversation is not in this agent's cache"
    );
    let outcome = store
        .message_by_client_id(refused.client_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(outcome.state, LocalState::Failed);
    assert!(
        outcome
            .error
            .as_deref()
            .is_some_and(|e| e.contains("not found")),
        "{:?}",
        outcome.error
    );
}

#[tokio::test]
async fn a_desk_whose_position_was_pruned_takes_a_new_snapshot() {
    let server = TestServer::start_demo();
    let login = ApiClient::login(&server.base, "agent@demo.fiido", "demo")
        .await
        .unwrap();
    let client = ApiClient::new(&server.base, login.token.clone());
    let store = Arc::new(Store::open_in_memory().unwrap());
    let (visitor, conversation) = server.visitor("fiido-eu", "Dora").await;
    server.visitor_says(&visitor, "eins").await;
    {
        let handle = spawn(store.clone(), client.clone());
        until(&handle, "cached", || {
            store.conversation_detail(&conversation).unwrap().is_some()
        })
        .await;
    }
    let position = store.last_seq().unwrap();

    // While the desk is closed, more happens and the log is pruned past it.
    server.visitor_says(&visitor, "zwei").await;
    server.visitor_says(&visitor, "drei").await;
    let admin = server.login("admin@demo.fiido").await;
    let (status, _) = server
        .post(
            &admin.token,
            "/api/v1/admin/events/prune",
            &json!({"keep_last": 0}),
        )
        .await;
    assert_eq!(status, 200);

    let handle = spawn(store.clone(), client);
    until(&handle, "the new messages after a re-snapshot", || {
        store
            .conversation_detail(&conversation)
            .unwrap()
            .is_some_and(|d| {
                d.messages
                    .iter()
                    .map(|m| m.body.as_str())
                    .collect::<Vec<_>>()
                    == ["eins", "zwei", "drei"]
            })
    })
    .await;
    assert!(store.last_seq().unwrap() > position);
}

#[test]
fn overdue_ids_follow_the_stores_threshold_and_the_clock() {
    use fiido_protocol::api::SnapshotPage;
    use fiido_protocol::model::{
        Conversation, ConversationChannel, ConversationStatus, Store as StoreDto,
    };
    let store = Store::open_in_memory().unwrap();
    let conversation = |id: &str, since: i64| Conversation {
        id: id.into(),
        store_id: "s1".into(),
        customer_id: "cu".into(),
        status: ConversationStatus::Waiting,
        assignee_id: None,
        channel: ConversationChannel::Web,
        tags: vec![],
        pinned: false,
        starred: false,
        last_message: None,
        waiting_since: Some(since),
        unread_count: 1,
        order_number: None,
        created_at: since,
        updated_at: since,
        snoozed_until: None,
    };
    let page = SnapshotPage {
        stores: vec![StoreDto {
            id: "s1".into(),
            key: "k".into(),
            name: "S".into(),
            domain: "d".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
            overdue_after_secs: 30,
            coupons: Vec::new(),
        }],
        conversations: vec![conversation("a", 1_000), conversation("b", 20_000)],
        ..SnapshotPage::default()
    };
    store.apply_snapshot_page(&page).unwrap();
    assert!(
        store.overdue_ids(30_999).unwrap().is_empty(),
        "29.999 s is not overdue"
    );
    assert_eq!(store.overdue_ids(31_000).unwrap(), vec!["a"], "30 s is");
    let mut both = store.overdue_ids(50_000).unwrap();
    both.sort();
    assert_eq!(both, vec!["a", "b"]);
    // The cards carry the same judgement (here by the real clock: long past).
    assert!(store.cards(&["a".to_owned()]).unwrap()[0].overdue);
}
