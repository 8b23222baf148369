//! Fault injection (MSG-8, issue 9): a desk process sends messages through
//! its outbox while the harness kills and restarts the server, drops every
//! socket between them, and kills and restarts the desk process itself. At
//! the end every message is on the server exactly once, in order within its
//! conversation.
//!
//! CI runs a small size; the full one is
//! `FAULT_MESSAGES=1000 cargo nextest run -p fiido-desk-core --test fault_injection --no-capture`.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fiido_testkit::TestServer;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP proxy between the desk and the server that can cut every
/// connection through it at once: a dropped socket without a server crash.
struct Proxy {
    base: String,
    cut: watch::Sender<u64>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let (cut, _) = watch::channel(0u64);
        let cuts = cut.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut cut = cuts.subscribe();
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Proxy { base, cut }
    }

    /// Drops every connection open now.
    fn cut_all(&self) {
        self.cut.send_modify(|n| *n += 1);
    }
}

/// What the harness does at one point of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    KillServer,
    DropSockets,
    KillClient,
}

struct Desk {
    args: Vec<String>,
    env: Vec<(String, String)>,
    child: Child,
}

impl Desk {
    fn start(args: Vec<String>, env: Vec<(String, String)>) -> Self {
        let child = Self::spawn(&args, &env);
        Desk { args, env, child }
    }

    fn spawn(args: &[String], env: &[(String, String)]) -> Child {
        Command::new(env!("CARGO_BIN_EXE_fiido-outbox-client"))
            .args(args)
            .envs(env.iter().cloned())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start fiido-outbox-client")
    }

    /// Kills the process as a crash would (SIGKILL) and starts it again.
    fn crash_and_restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = Self::spawn(&self.args, &self.env);
    }

    /// Waits for the desk to finish (all queued, outbox empty), restarting
    /// it if it had exited already; fails after `timeout`.
    fn finish(mut self, timeout: Duration) {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            match self.child.try_wait().expect("desk status") {
                Some(status) if status.success() => return,
                Some(status) => panic!("the desk process failed: {status}"),
                None if std::time::Instant::now() > deadline => {
                    let _ = self.child.kill();
                    panic!("the desk did not empty its outbox within {timeout:?}");
                }
                None => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

/// Every "fault #i" on the server for each conversation, in the server's order.
async fn on_server(server: &TestServer, token: &str, conversations: &[String]) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    for id in conversations {
        let (status, page) = server
            .get(
                token,
                &format!("/api/v1/conversations/{id}/messages?limit=500"),
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["has_more"], false, "one page holds the conversation");
        all.push(
            page["messages"]
                .as_array()
                .expect("messages")
                .iter()
                .filter_map(|m| m["body"].as_str()?.strip_prefix("fault #")?.parse().ok())
                .collect(),
        );
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_arrives_once_in_order_through_crashes_and_drops() {
    let total: usize = std::env::var("FAULT_MESSAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(150);
    let faults = (total / 25).max(9);
    let mut rng = ChaCha8Rng::seed_from_u64(20261126);

    let mut server = TestServer::start_demo();
    let login = server.login("agent@demo.fiido").await;
    let mut conversations = Vec::new();
    for name in ["Fault Anna", "Fault Ben", "Fault Cleo"] {
        let (visitor, conversation) = server.visitor("fiido-eu", name).await;
        server.visitor_says(&visitor, "hello").await;
        conversations.push(conversation);
    }
    let proxy = Proxy::start(server.base.trim_start_matches("http://").to_owned()).await;
    let cache = tempfile::tempdir().expect("temp dir");
    // The desk queues for about as long as the faults last.
    let pace_ms = (faults as u64 * 350 / total as u64).max(1);
    let mut desk = Desk::start(
        vec![
            proxy.base.clone(),
            cache.path().join("cache.sqlite3").display().to_string(),
            conversations.join(","),
            total.to_string(),
            pace_ms.to_string(),
        ],
        vec![
            ("FIIDO_TOKEN".into(), login.token.clone()),
            (
                "FIIDO_AGENT".into(),
                serde_json::to_string(&login.agent).expect("agent json"),
            ),
        ],
    );

    // Each kind of fault equally often, in a seeded random order and timing.
    let mut plan: Vec<Fault> = [Fault::KillServer, Fault::DropSockets, Fault::KillClient]
        .into_iter()
        .cycle()
        .take(faults)
        .collect();
    plan.shuffle(&mut rng);
    for fault in &plan {
        tokio::time::sleep(Duration::from_millis(rng.random_range(100..600))).await;
        match fault {
            Fault::KillServer => {
                server.stop();
                tokio::time::sleep(Duration::from_millis(rng.random_range(50..400))).await;
                server.restart();
            }
            Fault::DropSockets => proxy.cut_all(),
            Fault::KillClient => desk.crash_and_restart(),
        }
    }
    let finish = Duration::from_secs(60 + total as u64 / 10);
    tokio::task::spawn_blocking(move || desk.finish(finish))
        .await
        .expect("desk finished");

    let got = on_server(&server, &login.token, &conversations).await;
    let mut seen = HashSet::new();
    let mut duplicated = 0;
    for (c, indices) in got.iter().enumerate() {
        assert!(
            indices.windows(2).all(|w| w[0] < w[1]),
            "conversation {c} is in the order sent: {indices:?}"
        );
        for &i in indices {
            assert_eq!(
                i % conversations.len(),
                c,
                "fault #{i} went to its conversation"
            );
            if !seen.insert(i) {
                duplicated += 1;
            }
        }
    }
    let lost = (0..total).filter(|i| !seen.contains(i)).count();
    let count = |f: Fault| plan.iter().filter(|p| **p == f).count();
    println!(
        "fault injection: {total} messages; {} server kills, {} socket drops, {} desk kills; \
         on the server {} distinct, {lost} lost, {duplicated} duplicated",
        count(Fault::KillServer),
        count(Fault::DropSockets),
        count(Fault::KillClient),
        seen.len(),
    );
    assert_eq!((lost, duplicated), (0, 0), "every message exactly once");
}
