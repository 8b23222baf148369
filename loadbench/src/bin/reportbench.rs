//! The report benchmark (issue 11, acceptance 5): how long the server takes
//! to answer a 90-day report (`GET /api/v1/reports`) and the team's figures
//! over a store history of 1,000,000 messages on SQLite.
//!
//! It starts the real server once with the demo (stores, agents,
//! customers), stops it, writes the history straight into the SQLite file
//! (conversations of ten messages spread over the days, most of them
//! closed), starts the server again (which derives the requests the
//! statistics count, as it does for any database from before they were
//! recorded) and times the report over HTTP, several runs.
//!
//!   FIIDO_SERVER_BIN=target/release/fiido-server reportbench --messages 1000000

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

const DAY: i64 = 24 * 3_600_000;
/// Messages per generated conversation: customer and agent in turn.
const PER_CONVERSATION: usize = 10;

/// The benchmark's options.
#[derive(Debug, Parser)]
struct Args {
    /// Messages in the generated history.
    #[arg(long, default_value_t = 1_000_000)]
    messages: usize,
    /// Days the history (and the report) covers.
    #[arg(long, default_value_t = 90)]
    days: i64,
    /// Timed runs of each request.
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// The server binary.
    #[arg(long, env = "FIIDO_SERVER_BIN")]
    server_bin: PathBuf,
    /// Writes the results as Markdown here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Keeps the generated database in this (empty) folder, to look into.
    #[arg(long)]
    keep: Option<PathBuf>,
}

/// A running server and its address.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(bin: &Path, data_dir: &Path) -> Result<Server> {
        let mut child = Command::new(bin)
            .args(["--demo", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("start the server")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        loop {
            let Some(line) = lines.next() else {
                bail!("the server stopped before listening");
            };
            if let Some(addr) = line?.strip_prefix("listening on ") {
                let base = addr.trim().to_owned();
                std::thread::spawn(move || for _ in lines {});
                return Ok(Server { child, base });
            }
        }
    }

    fn stop(mut self) {
        // SAFETY: kill(2) on our own child's pid has no memory effects.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// Writes the generated history into the SQLite file: conversations of
/// [`PER_CONVERSATION`] messages over `days` days before `now`.
fn fill(db: &Path, messages: usize, days: i64, now: i64) -> Result<usize> {
    let mut conn = rusqlite::Connection::open(db)?;
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;")?;
    let customers: Vec<(String, String)> = {
        let mut q = conn.prepare("SELECT id, store_id FROM customers ORDER BY id")?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let agents: Vec<(String, String, String)> = {
        let mut q = conn.prepare(
            "SELECT a.id, a.name, s.store_id FROM agents a JOIN agent_stores s ON s.agent_id = a.id \
             WHERE a.role <> 'admin' ORDER BY a.id",
        )?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    if customers.is_empty() || agents.is_empty() {
        bail!("the demo has no customers or agents");
    }
    let questions = [
        "Where is my order?",
        "Does the D11 fold?",
        "How far does the battery go?",
        "Can I change my address?",
        "I want a refund",
        "Wann kommt mein Paket?",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let conversations = messages / PER_CONVERSATION;
    let tx = conn.transaction()?;
    {
        let mut conversation = tx.prepare(
            "INSERT INTO conversations (id, store_id, customer_id, status, assignee_id, channel, tags, pinned, \
             starred, last_author, last_body, last_at, waiting_since, unread_count, order_number, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'web', '[]', 0, 0, 'agent', 'Thanks!', ?6, NULL, 0, NULL, ?7, ?6)",
        )?;
        let mut message = tx.prepare(
            "INSERT INTO messages (id, conversation_id, author, author_id, author_name, body, client_id, state, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, 'read', ?7)",
        )?;
        for n in 0..conversations {
            let (customer, store) = &customers[rng.random_range(0..customers.len())];
            let serving: Vec<&(String, String, String)> =
                agents.iter().filter(|a| &a.2 == store).collect();
            let (agent, agent_name, _) = serving[rng.random_range(0..serving.len())];
            let start = now - rng.random_range(0..days * DAY);
            let id = format!("bench-c{n}");
            let mut times = Vec::with_capacity(PER_CONVERSATION);
            let mut at = start;
            for _ in 0..PER_CONVERSATION {
                times.push(at);
                at += rng.random_range(5_000..300_000);
            }
            let last = times[PER_CONVERSATION - 1];
            let closed = rng.random_bool(0.9);
            conversation.execute(rusqlite::params![
                id,
                store,
                customer,
                if closed { "closed" } else { "active" },
                agent,
                last,
                start,
            ])?;
            for (m, at) in times.into_iter().enumerate() {
                let customer_turn = m % 2 == 0;
                let body = if m == 0 {
                    questions[rng.random_range(0..questions.len())]
                } else if customer_turn {
                    "Thank you, one more question."
                } else {
                    "Happy to help: here is what to do."
                };
                message.execute(rusqlite::params![
                    format!("bench-m{n}-{m}"),
                    id,
                    if customer_turn { "customer" } else { "agent" },
                    if customer_turn {
                        None
                    } else {
                        Some(agent.as_str())
                    },
                    if customer_turn {
                        "Customer"
                    } else {
                        agent_name.as_str()
                    },
                    body,
                    at,
                ])?;
            }
        }
    }
    tx.commit()?;
    Ok(conversations * PER_CONVERSATION)
}

/// Median and slowest of the runs, in ms.
fn timed(runs: usize, mut call: impl FnMut() -> Result<Value>) -> Result<(f64, f64, Value)> {
    let mut took = Vec::with_capacity(runs);
    let mut last = Value::Null;
    for _ in 0..runs {
        let started = Instant::now();
        last = call()?;
        took.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    took.sort_by(f64::total_cmp);
    Ok((took[took.len() / 2], took[took.len() - 1], last))
}

fn main() -> Result<()> {
    let args = Args::parse();
    let temp = tempfile::tempdir()?;
    let dir = args.keep.clone().unwrap_or_else(|| temp.path().to_owned());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as i64;

    Server::start(&args.server_bin, &dir)?.stop();
    let started = Instant::now();
    let written = fill(&dir.join("fiido.sqlite3"), args.messages, args.days, now)?;
    let fill_s = started.elapsed().as_secs_f64();
    println!("wrote {written} messages in {fill_s:.1} s");

    let started = Instant::now();
    let server = Server::start(&args.server_bin, &dir)?;
    let derive_s = started.elapsed().as_secs_f64();
    println!("server up (requests derived from the history) in {derive_s:.1} s");
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    let login: Value = http
        .post(format!("{}/api/v1/auth/login", server.base))
        .json(&json!({"email": "lead@demo.fiido", "password": "demo"}))
        .send()?
        .error_for_status()?
        .json()?;
    let token = login["token"].as_str().context("token")?.to_owned();
    let get = |path: String| -> Result<Value> {
        Ok(http
            .get(format!("{}{path}", server.base))
            .bearer_auth(&token)
            .send()?
            .error_for_status()?
            .json()?)
    };
    let from = now - args.days * DAY;
    let to = now + 60_000;
    let (report_median, report_max, report) = timed(args.runs, || {
        get(format!(
            "/api/v1/reports?from={from}&to={to}&utc_offset_minutes=60"
        ))
    })?;
    let (team_median, team_max, _) = timed(args.runs, || {
        get(format!("/api/v1/stats/team?from={}&to={to}", now - DAY))
    })?;
    server.stop();

    let requests = report["figures"]["requests"].as_i64().unwrap_or_default();
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or_default().trim().to_owned())
        })
        .unwrap_or_default();
    let table = format!(
        "| Request | Median | Slowest | Runs |\n|---|---|---|---|\n\
         | `GET /api/v1/reports`, {days} days, {requests} requests | {report_median:.0} ms | {report_max:.0} ms | {runs} |\n\
         | `GET /api/v1/stats/team`, last 24 h | {team_median:.0} ms | {team_max:.0} ms | {runs} |\n\n\
         History: {written} messages in {conversations} conversations over {days} days (written in {fill_s:.1} s); \
         server start with the requests derived: {derive_s:.1} s. Machine: {machine}, {cores} cores.\n",
        days = args.days,
        runs = args.runs,
        conversations = written / PER_CONVERSATION,
        cores = std::thread::available_parallelism().map_or(0, |n| n.get()),
    );
    println!("{table}");
    if let Some(out) = &args.out {
        std::fs::write(out, &table)?;
    }
    Ok(())
}
