//! Two server instances sharing one PostgreSQL database (PLAT-9, DESIGN §3):
//! what one instance receives reaches the sockets of the other, and with
//! writers on both, no reader ever skips or repeats an event.
//! Runs in `scripts/test`'s PostgreSQL pass (`FIIDO_TEST_DATABASE`).

use fiido_protocol::events::EventData;
use fiido_protocol::ws::AgentFrame;
use fiido_testkit::{AgentSocket, TestServer};
use serde_json::json;

/// The next event frame of `kind` on an agent socket, skipping others.
async fn next_of_kind(socket: &mut AgentSocket, kind: &str) -> EventData {
    loop {
        if let AgentFrame::Event { event, .. } = socket.next().await {
            if event.data.kind() == kind {
                return event.data;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_agent_on_one_instance_hears_a_customer_on_the_other_and_typing_crosses_too() {
    let a = TestServer::start_demo();
    let b = a.another_instance();
    let lena = a.login("agent@demo.fiido").await;
    let head = a.head(&lena.token).await;
    let mut agent = a.agent_socket(&lena.token, head).await;
    agent.until_caught_up().await;

    // The customer writes through instance B; Lena, on A, sees it.
    let (visitor, conversation) = b.visitor("fiido-eu", "Ute").await;
    b.visitor_says(&visitor, "Is my bike shipped? (via B)")
        .await;
    let EventData::MessageUpserted { message } = next_of_kind(&mut agent, "message_upserted").await
    else {
        unreachable!("message_upserted carries a message");
    };
    assert_eq!(message.body, "Is my bike shipped? (via B)");

    // Lena answers on A; the visitor, connected to B, gets it.
    let mut widget = b.visitor_socket(&visitor, 0).await;
    assert_eq!(
        widget.next_message().await["body"],
        "Is my bike shipped? (via B)"
    );
    let (status, body) = a
        .post(
            &lena.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"body": "Yes, it left today (from A)"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        widget.next_message().await["body"],
        "Yes, it left today (from A)"
    );

    // Typing is not logged; it crosses instances as a notification.
    widget.send_typing().await;
    loop {
        if let AgentFrame::Typing {
            conversation_id, ..
        } = agent.next().await
        {
            assert_eq!(conversation_id, conversation);
            break;
        }
    }
    let (status, _) = a
        .post(
            &lena.token,
            &format!("/api/v1/conversations/{conversation}/typing"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(widget.next_typing().await, lena.agent.name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_writers_on_both_instances_no_reader_skips_or_repeats_an_event() {
    let a = TestServer::start_demo();
    let b = a.another_instance();
    let servers = [&a, &b];
    let admin = a.login("admin@demo.fiido").await;
    let lena = a.login("agent@demo.fiido").await;
    let start = a.head(&admin.token).await;
    let mut early_on_a = a.agent_socket(&admin.token, start).await;
    let mut early_on_b = b.agent_socket(&admin.token, start).await;

    // Four customers, two per instance.
    let mut visitors = Vec::new();
    for (i, name) in ["Ute", "Jan", "Amy", "Bob"].into_iter().enumerate() {
        let server = servers[i % 2];
        let (token, conversation) = server.visitor("fiido-eu", name).await;
        server.visitor_says(&token, "hello").await;
        visitors.push((token, conversation));
    }

    // 80 concurrent writes, spread over both instances: customers and Lena.
    const WRITES: usize = 80;
    let writes = (0..WRITES).map(|i| {
        let server = servers[(i / 3) % 2];
        let visitors = &visitors;
        let lena = &lena.token;
        async move {
            let text = format!("write {i}");
            if i % 4 == 3 {
                let conversation = &visitors[i % visitors.len()].1;
                let (status, body) = server
                    .post(
                        lena,
                        &format!("/api/v1/conversations/{conversation}/messages"),
                        &json!({"body": text}),
                    )
                    .await;
                assert_eq!(status, 201, "{body}");
            } else {
                server
                    .visitor_says(&visitors[i % visitors.len()].0, &text)
                    .await;
            }
        }
    });
    // A third reader joins on B from the start while the writers run.
    let late_reader = async {
        let mut socket = b.agent_socket(&admin.token, start).await;
        let (replayed, caught_up) = socket.until_caught_up().await;
        (socket, replayed, caught_up)
    };
    let (_, (mut late_on_b, late_replayed, late_caught_up)) =
        tokio::join!(futures_util::future::join_all(writes), late_reader);

    let head = a.head(&admin.token).await;
    assert_eq!(head, b.head(&admin.token).await, "one log, one head");
    // Each customer's start is one event; every message two (message + conversation).
    assert_eq!(head - start, 4 + 2 * 4 + 2 * WRITES as i64);
    let every: Vec<i64> = ((start + 1)..=head).collect();
    assert_eq!(a.paged_seqs(&admin.token, start, 9).await, every);
    assert_eq!(b.paged_seqs(&admin.token, start, 13).await, every);

    for socket in [&mut early_on_a, &mut early_on_b] {
        let (replayed, caught_up) = socket.until_caught_up().await;
        socket
            .expect_every_seq(start, head, replayed, caught_up)
            .await;
    }
    late_on_b
        .expect_every_seq(start, head, late_replayed, late_caught_up)
        .await;
}
