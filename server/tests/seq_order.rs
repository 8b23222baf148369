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
    let mut after = start;
    let mut paged = Vec::new();
    loop {
        let (status, page) = server
            .get(
                &admin.token,
                &format!("/api/v1/events?after={after}&limit=7"),
            )
            .await;
        prop_assert_eq!(status, 200);
        let seqs: Vec<i64> = page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        if seqs.is_empty() {
            break;
        }
        after = *seqs.last().unwrap();
        paged.extend(seqs);
    }
    prop_assert_eq!(&paged, &((start + 1)..=head).collect::<Vec<_>>());

    // Both sockets: their replay and their live events together cover every seq once.
    let (early_replayed, early_caught_up) = early_reader.until_caught_up().await;
    check_reader(
        &mut early_reader,
        start,
        head,
        early_replayed,
        early_caught_up,
    )
    .await?;
    check_reader(&mut late_socket, start, head, late_replayed, late_caught_up).await?;
    Ok(())
}

/// Checks that a socket's replay, `caught_up` and live events chain from
/// `start` to `head` with every seq exactly once.
async fn check_reader(
    socket: &mut fiido_testkit::AgentSocket,
    start: i64,
    head: i64,
    replayed: Vec<(i64, fiido_protocol::events::Event)>,
    caught_up: i64,
) -> Result<(), TestCaseError> {
    let mut told = start;
    for (prev, event) in &replayed {
        prop_assert_eq!(*prev, told);
        prop_assert_eq!(event.seq, told + 1);
        told = event.seq;
    }
    prop_assert_eq!(caught_up, told, "caught_up names the last replayed seq");
    while told < head {
        let (prev, event) = socket.next_event().await;
        prop_assert_eq!(prev, told, "prev chains from caught_up or the last event");
        prop_assert_eq!(event.seq, told + 1);
        told = event.seq;
    }
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
