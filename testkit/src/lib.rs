//! Test harness shared by the server's and the desk's tests: the real
//! `fiido-server` binary on an ephemeral port with a temp data dir, and real
//! HTTP and WebSocket clients.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fiido_protocol::api::LoginResponse;
use fiido_protocol::ws::AgentFrame;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single wait in a test may take before it fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// The server binary: `$FIIDO_SERVER_BIN`, else `fiido-server` in the
/// target directory of the running test (cargo builds it for workspace tests).
pub fn server_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("FIIDO_SERVER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir");
    let bin = dir.join("fiido-server");
    assert!(
        bin.exists(),
        "{} is missing: build it first (cargo build -p fiido-server)",
        bin.display()
    );
    bin
}

/// When `$FIIDO_TEST_DATABASE` holds a PostgreSQL server's URL (e.g.
/// `postgres://postgres@127.0.0.1:5433`, as `scripts/test` sets for its
/// second pass), creates a new empty database there and returns its URL, so
/// each test server starts from nothing as it does on SQLite.
pub fn fresh_database() -> Option<String> {
    let base = std::env::var("FIIDO_TEST_DATABASE").ok()?;
    let base = base.trim_end_matches('/');
    let name = format!("fiido_test_{}", uuid::Uuid::new_v4().simple());
    let status = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
        .arg(format!("{base}/postgres"))
        .args(["-c", &format!("CREATE DATABASE {name}")])
        .status()
        .expect("run psql (apt install postgresql-client)");
    assert!(status.success(), "psql could not create database {name}");
    Some(format!("{base}/{name}"))
}

/// A running server, killed when dropped.
pub struct TestServer {
    child: Child,
    pub base: String,
    pub http: reqwest::Client,
    args: Vec<String>,
    dir: tempfile::TempDir,
}

fn spawn(dir: &std::path::Path, listen: &str, extra: &[String]) -> (Child, String) {
    let mut child = Command::new(server_bin())
        .args(["--listen", listen, "--data-dir"])
        .arg(dir)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start fiido-server");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let mut sent = false;
        while let Some(Ok(line)) = lines.next() {
            if !sent {
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                    sent = true;
                }
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("server printed `listening on`");
    (child, base)
}

impl TestServer {
    /// Starts the server with the demo store.
    pub fn start_demo() -> Self {
        Self::start(&["--demo"])
    }

    /// Starts the server with extra arguments; on a fresh PostgreSQL
    /// database when `$FIIDO_TEST_DATABASE` names a server (see `fresh_database`).
    pub fn start(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        if let Some(url) = fresh_database() {
            args.extend(["--database".to_owned(), url]);
        }
        let (child, base) = spawn(dir.path(), "127.0.0.1:0", &args);
        TestServer {
            child,
            base,
            http: reqwest::Client::new(),
            args,
            dir,
        }
    }

    /// Where this server keeps its data: the PostgreSQL URL when it runs on
    /// PostgreSQL, else None (the SQLite files are in [`Self::data_dir`]).
    pub fn database_url(&self) -> Option<&str> {
        let at = self.args.iter().position(|a| a == "--database")?;
        self.args.get(at + 1).map(String::as_str)
    }

    /// The data directory (the SQLite database and its WAL live here).
    pub fn data_dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Starts another instance sharing this one's database (PostgreSQL),
    /// on its own address.
    pub fn another_instance(&self) -> Self {
        assert!(
            self.args.iter().any(|a| a == "--database"),
            "several instances need PostgreSQL: set FIIDO_TEST_DATABASE"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let (child, base) = spawn(dir.path(), "127.0.0.1:0", &self.args);
        TestServer {
            child,
            base,
            http: reqwest::Client::new(),
            args: self.args.clone(),
            dir,
        }
    }

    /// Kills the server, as a crash or an outage would.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again on the same address and data.
    pub fn restart(&mut self) {
        self.stop();
        let address = self.base.trim_start_matches("http://").to_owned();
        let (child, base) = spawn(self.dir.path(), &address, &self.args);
        assert_eq!(base, self.base, "the server came back on the same address");
        self.child = child;
    }

    /// Starts the server again on the same address and data, with other
    /// arguments (the database stays the same).
    pub fn restart_with(&mut self, extra: &[&str]) {
        let database: Vec<String> = self
            .args
            .iter()
            .skip_while(|a| *a != "--database")
            .take(2)
            .cloned()
            .collect();
        self.args = extra.iter().map(|s| s.to_string()).collect();
        self.args.extend(database);
        self.restart();
    }

    /// The process id, to signal it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit, up to `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// An absolute URL for a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Signs in and returns the session.
    pub async fn login(&self, email: &str) -> LoginResponse {
        let response = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": "demo"}))
            .send()
            .await
            .expect("login request");
        assert_eq!(response.status(), 200, "login of {email}");
        response.json().await.expect("login body")
    }

    /// GET with a bearer token, as JSON.
    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POST JSON with a bearer token.
    pub async fn post(&self, token: &str, path: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, token, path, body).await
    }

    /// Any method with a JSON body and a bearer token, as JSON.
    pub async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let response = self
            .http
            .request(method.clone(), self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Starts a widget chat in a store; returns (token, conversation id).
    pub async fn visitor(&self, store: &str, name: &str) -> (String, String) {
        let response = self
            .http
            .post(self.url("/api/v1/widget/sessions"))
            .json(&json!({"store": store, "name": name}))
            .send()
            .await
            .expect("widget session");
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.expect("session body");
        (
            body["token"].as_str().expect("token").to_owned(),
            body["conversation_id"]
                .as_str()
                .expect("conversation id")
                .to_owned(),
        )
    }

    /// A visitor sends a message through the widget API.
    pub async fn visitor_says(&self, token: &str, text: &str) -> Value {
        let (status, body) = self
            .post(
                token,
                "/api/v1/widget/messages",
                &json!({"body": text, "client_id": uuid::Uuid::new_v4().to_string()}),
            )
            .await;
        assert_eq!(status, 201, "widget send: {body}");
        body
    }

    /// Erases a customer on request (CUST-6) as `token`'s agent.
    pub async fn erase_customer(
        &self,
        token: &str,
        customer: &str,
        mode: &str,
        reason: &str,
    ) -> (u16, Value) {
        self.post(
            token,
            &format!("/api/v1/customers/{customer}/erase"),
            &json!({"mode": mode, "reason": reason}),
        )
        .await
    }

    /// The newest seq, read with the events endpoint.
    pub async fn head(&self, token: &str) -> i64 {
        let (status, body) = self.get(token, "/api/v1/events?after=0&limit=1").await;
        assert_eq!(status, 200, "{body}");
        body["head"].as_i64().expect("head")
    }

    /// Opens an agent socket after `after`.
    pub async fn agent_socket(&self, token: &str, after: i64) -> AgentSocket {
        let url = format!(
            "{}/api/v1/ws?after={after}",
            self.base.replacen("http", "ws", 1)
        );
        let mut request = url.into_client_request().expect("ws request");
        request.headers_mut().insert(
            "authorization",
            format!("Bearer {token}").parse().expect("header"),
        );
        let (stream, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(request))
            .await
            .expect("ws connect in time")
            .expect("ws connect");
        AgentSocket { stream }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An agent's WebSocket.
pub struct AgentSocket {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl AgentSocket {
    /// The next frame, failing the test after [`WAIT`].
    pub async fn next(&mut self) -> AgentFrame {
        loop {
            let message = tokio::time::timeout(WAIT, self.stream.next())
                .await
                .expect("a frame in time")
                .expect("socket open")
                .expect("frame");
            if let WsMessage::Text(text) = message {
                return serde_json::from_str(&text).expect("an AgentFrame");
            }
        }
    }

    /// Frames until `caught_up`; returns the events before it and the head.
    pub async fn until_caught_up(&mut self) -> (Vec<(i64, fiido_protocol::events::Event)>, i64) {
        let mut events = Vec::new();
        loop {
            match self.next().await {
                AgentFrame::Event { prev, event } => events.push((prev, *event)),
                AgentFrame::CaughtUp { head } => return (events, head),
                AgentFrame::Resync { reason } => panic!("unexpected resync: {reason}"),
                AgentFrame::Typing { .. } => {}
            }
        }
    }

    /// The next event frame (prev, event).
    pub async fn next_event(&mut self) -> (i64, fiido_protocol::events::Event) {
        match self.next().await {
            AgentFrame::Event { prev, event } => (prev, *event),
            other => panic!("expected an event, got {other:?}"),
        }
    }

    /// Asserts that this socket's replay, its `caught_up` and then its live
    /// events chain from `start` to `head` with every seq exactly once: the
    /// reader never skipped nor repeated an event (DESIGN §3).
    pub async fn expect_every_seq(
        &mut self,
        start: i64,
        head: i64,
        replayed: Vec<(i64, fiido_protocol::events::Event)>,
        caught_up: i64,
    ) {
        let mut told = start;
        for (prev, event) in &replayed {
            assert_eq!(*prev, told, "prev chains from the last event");
            assert_eq!(event.seq, told + 1, "no seq skipped in the replay");
            told = event.seq;
        }
        assert_eq!(caught_up, told, "caught_up names the last replayed seq");
        while told < head {
            let (prev, event) = self.next_event().await;
            assert_eq!(prev, told, "prev chains from caught_up or the last event");
            assert_eq!(event.seq, told + 1, "no seq skipped live");
            told = event.seq;
        }
    }

    /// Closes the socket.
    pub async fn close(mut self) {
        let _ = self.stream.send(WsMessage::Close(None)).await;
    }
}

/// A widget visitor's WebSocket, authenticated with its first frame.
pub struct VisitorSocket {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl TestServer {
    /// Opens a visitor's socket after `after`.
    pub async fn visitor_socket(&self, token: &str, after: i64) -> VisitorSocket {
        let url = format!(
            "{}/api/v1/widget/ws?after={after}",
            self.base.replacen("http", "ws", 1)
        );
        let (mut stream, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(url))
            .await
            .expect("widget ws connect in time")
            .expect("widget ws connect");
        let auth = serde_json::json!({"type": "auth", "token": token}).to_string();
        stream
            .send(WsMessage::Text(auth.into()))
            .await
            .expect("auth frame");
        VisitorSocket { stream }
    }
}

impl VisitorSocket {
    /// The next message frame's message, skipping `ready`; fails after [`WAIT`].
    pub async fn next_message(&mut self) -> Value {
        self.next_of("message").await["message"].clone()
    }

    /// The name in the next `typing` frame (an agent typing).
    pub async fn next_typing(&mut self) -> String {
        self.next_of("typing").await["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Tells the server the visitor is typing.
    pub async fn send_typing(&mut self) {
        self.stream
            .send(WsMessage::Text(r#"{"type":"typing"}"#.into()))
            .await
            .expect("typing frame");
    }

    /// The next frame of `kind`, skipping others; fails after [`WAIT`].
    async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.stream.next())
                .await
                .expect("a widget frame in time")
                .expect("socket open")
                .expect("frame");
            if let WsMessage::Text(text) = message {
                let frame: Value = serde_json::from_str(&text).expect("a widget frame");
                match frame["type"].as_str() {
                    Some(t) if t == kind => return frame,
                    Some("error") => panic!("widget socket refused: {frame}"),
                    _ => {}
                }
            }
        }
    }
}

impl TestServer {
    /// Every seq after `start` that `/api/v1/events` lists, paging `limit`
    /// at a time.
    pub async fn paged_seqs(&self, token: &str, start: i64, limit: u32) -> Vec<i64> {
        let mut after = start;
        let mut seqs = Vec::new();
        loop {
            let (status, page) = self
                .get(
                    token,
                    &format!("/api/v1/events?after={after}&limit={limit}"),
                )
                .await;
            assert_eq!(status, 200, "{page}");
            let page: Vec<i64> = page["events"]
                .as_array()
                .expect("events")
                .iter()
                .map(|e| e["seq"].as_i64().expect("seq"))
                .collect();
            match page.last() {
                Some(last) => after = *last,
                None => return seqs,
            }
            seqs.extend(page);
        }
    }
}

/// The `kind` of each event in an `/api/v1/events` page, in order.
pub fn event_kinds(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .map(|e| e["data"]["kind"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The files directly in `dir` whose bytes contain `needle`: proof that
/// erased data left no copy in a database file or its WAL (CUST-6).
pub fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read the directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            std::fs::read(p)
                .unwrap_or_default()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
        })
        .map(|p| p.display().to_string())
        .collect()
}
