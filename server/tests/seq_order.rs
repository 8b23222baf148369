//! Property: whatever the interleaving of concurrent writers, readers (the
//! events endpoint and live sockets) see `seq` strictly increasing with no gap.

use fiido_testkit::TestServer;
use proptest::prelude::*;
use serde_json::json;

/// One write of the plan: which writer, and how often it yields first.
#[derive(Debug, Clone)]
struct Write {
    writer: usize,
    yields: u8,
}

fn plan() -> impl Strategy<Value = Vec<Write>> {
    prop::collection::vec(
        (0usize..6, 0u8..4).prop_map(|(writer, yields)| Write { writer, yields }),
        4..40,
    )
}

async fn run_case(plan: Vec<Write>) -> Result<(), TestCaseError> {
    let server = TestServer::start_demo();
    let admin = server.login("admin@demo.fiido").await;
    let eu_agent = server.login("agent@demo.fiido").await;
    let us_agent = server.login("agent2@demo.fiido").await;
    let start = server.head(&admin.token).await;
    let mut early_reader = server.agent_socket(&admin.token, start).await;

    // Four visitors (two per store) open conversations; two agents answer them.
    let mut visitors = Vec::new();
    for (store, name) in [
        ("fiido-eu", "Ute"),
        ("fiido-eu", "Jan"),
        ("fiido-us", "Amy"),
        ("fiido-us", "Bob"),
    ] {
        let (token, conversation) = server.visitor(store, name).await;
        server.visitor_says(&token, "hello").await;
        visitors.push((token, conversation));
    }

    let writes = plan.iter().enumerate().map(|(i, write)| {
        let server = &server;
        let visitors = &visitors;
        let (eu, us) = (&eu_agent.token, &us_agent.token);
        async move {
            for _ in 0..write.yields {
                tokio::task::yield_now().await;
            }
            let text = format!("write {i}");
            match write.writer {
                v @ 0..=3 => {
                    server.visitor_says(&visitors[v].0, &text).await;
                }
                agent => {
                    let (token, conversation) = if agent == 4 {
                        (eu, &visitors[0].1)
                    } else {
                        (us, &visitors[2].1)
                    };
                    let (status, body) = server
                        .post(
                            token,
                            &format!("/api/v1/conversations/{conversation}/messages"),
                            &json!({"body": text}),
                        )
                        .await;
                    assert_eq!(status, 201, "{body}");
                }
            }
        }
    });
    // A second reader joins from the beginning while the writers run.
    let late_reader = async {
        let mut socket = server.agent_socket(&admin.token, start).await;
        let (replayed, caught_up) = socket.until_caught_up().await;
        (socket, replayed, caught_up)
    };
    let (_, (mut late_socket, late_replayed, late_caught_up)) =
        tokio::join!(futures_util::future::join_all(writes), late_reader);

    let head = server.head(&admin.token).await;
    // Every visitor start is one event; every message two (message + conversation).
    prop_assert_eq!(head - start, 4 + 2 * 4 + 2 * plan.len() as i64);

    // The events endpoint, paged small.
    let paged = server.paged_seqs(&admin.token, start, 7).await;
    prop_assert_eq!(&paged, &((start + 1)..=head).collect::<Vec<_>>());

    // Both sockets: their replay and their live events together cover every seq once.
    let (early_replayed, early_caught_up) = early_reader.until_caught_up().await;
    early_reader
        .expect_every_seq(start, head, early_replayed, early_caught_up)
        .await;
    late_socket
        .expect_every_seq(start, head, late_replayed, late_caught_up)
        .await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn readers_see_seq_strictly_increasing_with_no_gap(plan in plan()) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
        runtime.block_on(run_case(plan))?;
    }
}
