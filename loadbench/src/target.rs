//! What a sweep runs against: fiido-server (started here with the demo store,
//! or already running behind `--url`) or the baseline server, with the agent
//! tokens and the pool of widget visitors made ready before the first point.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context};
use fiido_protocol::api::{LoginResponse, SendMessageRequest, WidgetSession, WidgetSessionRequest};
use futures_util::{stream, StreamExt, TryStreamExt};
use serde_json::{json, Value};

/// How long a spawned server may take to print its address (the demo store
/// is generated on the first start).
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// Setup requests (visitors, warm-up messages) in flight at once.
const SETUP_CONCURRENCY: usize = 32;

/// Which server a target is; they differ only in setup (the baseline has no
/// accounts, visitors or event log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fiido,
    Baseline,
}

/// A widget visitor: the server it talks to and its session token.
pub struct Visitor {
    pub url: usize,
    pub token: String,
}

/// The servers of one sweep and the credentials to load them with.
pub struct Target {
    pub kind: Kind,
    /// Base URLs; agents and visitors are spread over them round-robin.
    pub urls: Vec<String>,
    /// Processes whose RSS and CPU are reported; empty when unknown.
    pub pids: Vec<u32>,
    /// Agent sessions, shared by many sockets each (logins are throttled).
    pub tokens: Vec<String>,
    pub visitors: Vec<Visitor>,
    pub http: reqwest::Client,
    /// Servers this bench started, stopped when the target is dropped.
    _servers: Vec<Server>,
}

/// What `fiido` needs to know from the command line.
pub struct FiidoSetup<'a> {
    pub urls: &'a [String],
    pub pids: &'a [u32],
    pub store: &'a str,
    pub accounts: &'a [String],
    pub password: &'a str,
    pub visitors: usize,
}

impl Target {
    /// fiido-server: the given URLs, or one started here with `--demo` in a
    /// temporary data directory. Signs in once per account and creates the
    /// visitors, each of which sends one message so its conversation exists
    /// before the measurement (a first message also creates the conversation).
    pub async fn fiido(setup: FiidoSetup<'_>) -> anyhow::Result<Self> {
        let mut servers = Vec::new();
        let (urls, pids) = if setup.urls.is_empty() {
            let data = tempfile::tempdir()?;
            let args = vec![
                "--listen".into(),
                "127.0.0.1:0".into(),
                "--data-dir".into(),
                data.path().into(),
                "--demo".into(),
            ];
            let server = Server::start(fiido_server_bin()?, args, Some(data))?;
            let found = (vec![server.url.clone()], vec![server.child.id()]);
            servers.push(server);
            found
        } else {
            let urls = setup
                .urls
                .iter()
                .map(|u| u.trim_end_matches('/').to_owned());
            (urls.collect(), setup.pids.to_vec())
        };
        let http = client()?;
        let mut tokens = Vec::new();
        for email in setup.accounts {
            let response = http
                .post(format!("{}/api/v1/auth/login", urls[0]))
                .json(&json!({"email": email, "password": setup.password}))
                .send()
                .await?;
            if !response.status().is_success() {
                bail!("login of {email}: {}", response.status());
            }
            tokens.push(response.json::<LoginResponse>().await?.token);
        }
        let visitors = stream::iter(0..setup.visitors)
            .map(|i| visitor(&http, &urls, i, setup.store))
            .buffer_unordered(SETUP_CONCURRENCY)
            .try_collect()
            .await?;
        Ok(Self {
            kind: Kind::Fiido,
            urls,
            pids,
            tokens,
            visitors,
            http,
            _servers: servers,
        })
    }

    /// The baseline server, started here (with a smaller socket read buffer
    /// when given); its sockets and sends need no credentials, so every
    /// visitor and socket gets a placeholder.
    pub fn baseline(visitors: usize, read_buffer: Option<usize>) -> anyhow::Result<Self> {
        let mut args: Vec<OsString> = vec!["--listen".into(), "127.0.0.1:0".into()];
        if let Some(size) = read_buffer {
            args.extend(["--read-buffer".into(), size.to_string().into()]);
        }
        let server = Server::start(sibling_bin("baseline-server")?, args, None)?;
        Ok(Self {
            kind: Kind::Baseline,
            urls: vec![server.url.clone()],
            pids: vec![server.child.id()],
            tokens: vec!["baseline".into()],
            visitors: (0..visitors)
                .map(|_| Visitor {
                    url: 0,
                    token: "baseline".into(),
                })
                .collect(),
            http: client()?,
            _servers: vec![server],
        })
    }

    /// The name in the table.
    pub fn name(&self) -> &'static str {
        match self.kind {
            Kind::Fiido => "fiido",
            Kind::Baseline => "baseline",
        }
    }

    /// The newest seq, so sockets open with nothing to replay.
    pub async fn head(&self) -> anyhow::Result<i64> {
        if self.kind == Kind::Baseline {
            return Ok(0);
        }
        let page: Value = self
            .http
            .get(format!("{}/api/v1/events?after=0&limit=1", self.urls[0]))
            .bearer_auth(&self.tokens[0])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        page["head"].as_i64().context("no head in /events")
    }
}

/// The HTTP client of setup and of the customers' sends.
fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .tcp_nodelay(true)
        .build()
}

/// Starts a chat as visitor `i` on server `i % urls` and sends a first message.
async fn visitor(
    http: &reqwest::Client,
    urls: &[String],
    i: usize,
    store: &str,
) -> anyhow::Result<Visitor> {
    let url = i % urls.len();
    let request = WidgetSessionRequest {
        store: store.to_owned(),
        name: format!("Load visitor {i}"),
        email: None,
        language: Some("en".into()),
        timezone: None,
        device: None,
    };
    let session: WidgetSession = http
        .post(format!("{}/api/v1/widget/sessions", urls[url]))
        .json(&request)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let hello = SendMessageRequest {
        body: "Hello, I have a question about my order.".into(),
        client_id: None,
        card: None,
    };
    http.post(format!("{}/api/v1/widget/messages", urls[url]))
        .bearer_auth(&session.token)
        .json(&hello)
        .send()
        .await?
        .error_for_status()?;
    Ok(Visitor {
        url,
        token: session.token,
    })
}

/// A server process started by the bench; killed when dropped.
struct Server {
    child: Child,
    url: String,
    /// Its data directory, removed after the process is gone.
    _data: Option<tempfile::TempDir>,
}

impl Server {
    /// Spawns `bin` and waits for its `listening on URL` line.
    fn start(
        bin: PathBuf,
        args: Vec<OsString>,
        data: Option<tempfile::TempDir>,
    ) -> anyhow::Result<Self> {
        let mut child = Command::new(&bin)
            .args(args)
            .env(
                "RUST_LOG",
                std::env::var("RUST_LOG").unwrap_or("warn".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("start {}", bin.display()))?;
        let stdout = child.stdout.take().context("stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        // Keeps reading after the address, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = match rx.recv_timeout(START_TIMEOUT) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                bail!("{} did not print `listening on`", bin.display());
            }
        };
        Ok(Self {
            child,
            url,
            _data: data,
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `$FIIDO_SERVER_BIN`, else `fiido-server` next to this binary.
fn fiido_server_bin() -> anyhow::Result<PathBuf> {
    match std::env::var_os("FIIDO_SERVER_BIN") {
        Some(path) => Ok(path.into()),
        None => sibling_bin("fiido-server"),
    }
}

/// A binary of the same target directory as this one.
fn sibling_bin(name: &str) -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let bin = exe.with_file_name(name);
    if !bin.exists() {
        bail!(
            "{} is missing: cargo build --release -p fiido-server -p fiido-loadbench",
            bin.display()
        );
    }
    Ok(bin)
}
