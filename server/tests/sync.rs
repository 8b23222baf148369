//! The server side of the sync protocol (DESIGN §3): snapshot, live events
//! with seq, replay on reconnect, catch-up and 410 after pruning.

use std::collections::HashSet;

use fiido_protocol::api::SnapshotPage;
use fiido_protocol::events::EventData;
use fiido_protocol::model::Author;
use fiido_testkit::TestServer;
use serde_json::json;

#[tokio::test]
async fn the_snapshot_pages_through_the_agents_visible_state() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let mut cursor: Option<String> = None;
    let mut seqs = HashSet::new();
    let (
        mut stores,
        mut customers,
        mut conversations,
        mut messages,
        mut replies,
        mut articles,
        mut orders,
        mut products,
    ) = (0, 0, 0, 0, 0, 0, 0, 0);
    let mut conversation_ids = HashSet::new();
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/sync/snapshot?limit=100&cursor={c}"),
            None => "/api/v1/sync/snapshot?limit=100".to_owned(),
        };
        let (status, body) = server.get(&agent.token, &path).await;
        assert_eq!(status, 200, "{body}");
        let page: SnapshotPage = serde_json::from_value(body).unwrap();
        pages += 1;
        seqs.insert(page.seq);
        stores += page.stores.len();
        customers += page.customers.len();
        for c in &page.conversations {
            assert_eq!(
                c.store_id, "store-eu",
                "an EU agent sees only EU conversations"
            );
            assert!(
                conversation_ids.insert(c.id.clone()),
                "no conversation twice"
            );
        }
        conversations += page.conversations.len();
        messages += page.messages.len();
        replies += page.quick_replies.len();
        articles += page.articles.len();
        orders += page.orders.len();
        products += page.products.len();
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
        assert!(pages < 200, "the snapshot ends");
    }
    assert_eq!(seqs.len(), 1, "every page names the same seq");
    assert_eq!(stores, 1);
    assert!(customers >= 100, "customers: {customers}");
    assert!(conversations >= 100, "conversations: {conversations}");
    assert!(messages >= conversations, "messages: {messages}");
    assert!(replies >= 30 && articles >= 20 && orders >= 50 && products >= 10);
}

#[tokio::test]
async fn a_widget_message_reaches_a_connected_agent_socket_as_the_next_seq() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let head = server.head(&agent.token).await;
    let mut socket = server.agent_socket(&agent.token, head).await;
    let (replayed, caught_up) = socket.until_caught_up().await;
    assert!(replayed.is_empty());
    assert_eq!(caught_up, head);

    let (visitor, conversation_id) = server.visitor("fiido-eu", "Anna Becker").await;
    server
        .visitor_says(&visitor, "Wo ist mein D11? Bestellung FD-100300")
        .await;

    // The session start announces the new customer, then the message follows.
    let mut told = caught_up;
    let mut got_message = false;
    while !got_message {
        let (prev, event) = socket.next_event().await;
        assert_eq!(prev, told, "each frame names the seq the socket stood at");
        assert_eq!(event.seq, told + 1, "the next seq, with no gap");
        told = event.seq;
        if let EventData::MessageUpserted { message } = &event.data {
            assert_eq!(message.author, Author::Customer);
            assert_eq!(message.body, "Wo ist mein D11? Bestellung FD-100300");
            assert_eq!(message.conversation_id, conversation_id);
            got_message = true;
        }
    }
    let (_, event) = socket.next_event().await;
    match event.data {
        EventData::ConversationUpserted { conversation } => {
            assert_eq!(conversation.id, conversation_id);
            assert_eq!(conversation.status.as_str(), "waiting");
            assert_eq!(conversation.unread_count, 1);
        }
        other => panic!("expected the conversation's update, got {other:?}"),
    }
}

#[tokio::test]
async fn an_agent_socket_does_not_receive_another_stores_events() {
    let server = TestServer::start_demo();
    let us_agent = server.login("agent2@demo.fiido").await;
    let head = server.head(&us_agent.token).await;
    let mut socket = server.agent_socket(&us_agent.token, head).await;
    socket.until_caught_up().await;
    let (eu_visitor, _) = server.visitor("fiido-eu", "Eva").await;
    server.visitor_says(&eu_visitor, "EU only").await;
    let (us_visitor, us_conversation) = server.visitor("fiido-us", "Joe").await;
    server.visitor_says(&us_visitor, "US message").await;
    let (prev, first) = socket.next_event().await;
    assert_eq!(prev, head, "filtered-out events do not count as missed");
    assert_eq!(first.store_id.as_deref(), Some("store-us"));
    let (_, second) = socket.next_event().await;
    assert_eq!(
        second.conversation_id.as_deref(),
        Some(us_conversation.as_str())
    );
}

#[tokio::test]
async fn a_reconnect_after_n_replays_exactly_the_missed_events_in_order() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, _) = server.visitor("fiido-eu", "Jonas").await;
    server.visitor_says(&visitor, "first").await;
    let seen = server.head(&agent.token).await;

    // While the agent is away, the visitor writes three more messages.
    for text in ["second", "third", "fourth"] {
        server.visitor_says(&visitor, text).await;
    }
    let head = server.head(&agent.token).await;
    let (status, page) = server
        .get(
            &agent.token,
            &format!("/api/v1/events?after={seen}&limit=500"),
        )
        .await;
    assert_eq!(status, 200);
    let expected: Vec<i64> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(expected, ((seen + 1)..=head).collect::<Vec<_>>());

    let mut socket = server.agent_socket(&agent.token, seen).await;
    let (replayed, caught_up) = socket.until_caught_up().await;
    let seqs: Vec<i64> = replayed.iter().map(|(_, e)| e.seq).collect();
    assert_eq!(
        seqs, expected,
        "exactly the missed events, in order, no duplicate"
    );
    assert_eq!(caught_up, head);
    let bodies: Vec<String> = replayed
        .iter()
        .filter_map(|(_, e)| match &e.data {
            EventData::MessageUpserted { message } => Some(message.body.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(bodies, vec!["second", "third", "fourth"]);

    // And the hand-over to live events has no gap and no duplicate.
    server.visitor_says(&visitor, "fifth").await;
    let (prev, event) = socket.next_event().await;
    assert_eq!(prev, head);
    assert_eq!(event.seq, head + 1);
}

#[tokio::test]
async fn a_position_pruned_from_the_log_answers_410_gone() {
    let server = TestServer::start_demo();
    let admin = server.login("admin@demo.fiido").await;
    let (visitor, _) = server.visitor("fiido-eu", "Lea").await;
    for i in 0..5 {
        server.visitor_says(&visitor, &format!("message {i}")).await;
    }
    let head = server.head(&admin.token).await;
    let (status, body) = server
        .post(
            &admin.token,
            "/api/v1/admin/events/prune",
            &json!({"keep_last": 2}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["floor"], head - 2);

    let (status, body) = server.get(&admin.token, "/api/v1/events?after=1").await;
    assert_eq!(status, 410);
    assert_eq!(body["error"]["code"], "gone");
    let (status, body) = server
        .get(&admin.token, &format!("/api/v1/events?after={}", head - 2))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["events"].as_array().unwrap().len(), 2);

    let response = server
        .http
        .get(server.url("/api/v1/ws?after=1"))
        .bearer_auth(&admin.token)
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        410,
        "the socket refuses a pruned position too"
    );
}

#[tokio::test]
async fn an_agent_reply_reaches_the_visitors_history_and_the_socket() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation_id) = server.visitor("fiido-eu", "Marie").await;
    server.visitor_says(&visitor, "Hallo?").await;
    let (status, message) = server
        .post(
            &agent.token,
            &format!("/api/v1/conversations/{conversation_id}/messages"),
            &json!({"body": "Hallo Marie, wie kann ich helfen?"}),
        )
        .await;
    assert_eq!(status, 201, "{message}");
    assert_eq!(message["author_name"], "Lena Vogel");
    let (status, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert_eq!(status, 200);
    let bodies: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, vec!["Hallo?", "Hallo Marie, wie kann ich helfen?"]);
    let (_, conversation) = server
        .get(
            &agent.token,
            &format!("/api/v1/conversations/{conversation_id}"),
        )
        .await;
    assert_eq!(conversation["status"], "active");
    assert_eq!(conversation["assignee_id"], "agent-lena");
    assert_eq!(conversation["unread_count"], 0);
}

#[tokio::test]
async fn the_visitor_reading_turns_the_agents_replies_read() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Nina").await;
    server.visitor_says(&visitor, "Hallo").await;
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let (_, reply) = server
        .post(&agent.token, &path, &json!({"body": "Guten Tag!"}))
        .await;
    assert_eq!(reply["state"], "sent");
    let head = server.head(&agent.token).await;
    let mut socket = server.agent_socket(&agent.token, head).await;
    socket.until_caught_up().await;

    let (status, body) = server
        .post(&visitor, "/api/v1/widget/read", &json!({}))
        .await;
    assert_eq!((status, body["marked"].as_i64()), (200, Some(1)));
    let (_, event) = socket.next_event().await;
    match event.data {
        EventData::MessageUpserted { message } => {
            assert_eq!(message.id, reply["id"].as_str().unwrap());
            assert_eq!(message.state, fiido_protocol::model::DeliveryState::Read);
        }
        other => panic!("expected the reply turning read, got {other:?}"),
    }
    // Reading again marks nothing and sends nothing.
    let (_, body) = server
        .post(&visitor, "/api/v1/widget/read", &json!({}))
        .await;
    assert_eq!(body["marked"], 0);
}
