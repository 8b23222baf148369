//! Catch-up after an absence (issue 9): a desk that was away while 10,000
//! events were written comes back; how long until its cache holds them all
//! (target < 1 s). The real server (debug build, demo store) on 127.0.0.1,
//! the real sync engine and an on-disk cache.
//!
//!   cargo build -p fiido-server && \
//!   FIIDO_SERVER_BIN=$CARGO_TARGET_DIR/debug/fiido-server cargo bench -p fiido-desk-core --bench catchup

use std::sync::Arc;
use std::time::{Duration, Instant};

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::{spawn, ApiClient};
use fiido_desk_core::views::LinkStatus;
use fiido_testkit::TestServer;
use serde_json::json;

/// Events to miss: each customer message is two (the message and its conversation).
const MISSED_EVENTS: i64 = 10_000;
const ROUNDS: usize = 3;

async fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Writes about `events` events: visitors of the desk's store sending messages.
async fn write_events(server: &TestServer, events: i64) {
    let messages = events / 2;
    let visitors = 50;
    let mut tokens = Vec::new();
    for i in 0..visitors {
        let (token, _) = server.visitor("fiido-eu", &format!("Away {i}")).await;
        tokens.push(token);
    }
    let per_visitor = messages / visitors as i64;
    let sends = tokens.iter().map(|token| async move {
        for n in 0..per_visitor {
            let response = server
                .http
                .post(server.url("/api/v1/widget/messages"))
                .bearer_auth(token)
                .json(&json!({"body": format!("Message {n} while the desk was away")}))
                .send()
                .await
                .expect("send");
            assert!(response.status().is_success());
        }
    });
    futures_util::future::join_all(sends).await;
}

#[tokio::main]
async fn main() {
    let server = TestServer::start_demo();
    let login = ApiClient::login(&server.base, "agent@demo.fiido", "demo")
        .await
        .expect("login");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(Store::open(&dir.path().join("cache.sqlite3")).expect("cache"));
    let client = || ApiClient::new(&server.base, login.token.clone());
    let engine = spawn(store.clone(), client());
    wait_until("the first snapshot", || {
        store.has_snapshot().unwrap_or(false)
    })
    .await;
    engine.stop();

    let mut times = Vec::new();
    for round in 1..=ROUNDS {
        let from = store.last_seq().unwrap();
        write_events(&server, MISSED_EVENTS).await;
        let head = server.head(&login.token).await;
        let started = Instant::now();
        let engine = spawn(store.clone(), client());
        wait_until("caught up", || {
            engine.link.borrow().status == LinkStatus::Online
                && store.last_seq().unwrap_or(0) >= head
        })
        .await;
        let took = started.elapsed();
        engine.stop();
        println!(
            "round {round}: {} events missed, caught up in {:.0} ms",
            head - from,
            took.as_secs_f64() * 1000.0
        );
        times.push(took);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    times.sort();
    println!(
        "catch-up of {MISSED_EVENTS} events: median {:.0} ms, max {:.0} ms (target < 1000 ms)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
}
