//! One point of the sweep: N agent sockets of one store, customers sending R
//! messages per second, and how long each message takes to reach every socket.
//!
//! A message's body carries its id and the time its send started
//! (`loadbench ~ID~MICROS~`); a socket finds them with a substring scan of
//! the frame instead of parsing it, so the bench stays cheap at millions of
//! frames per second.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use fiido_protocol::api::SendMessageRequest;
use futures_util::StreamExt;
use hdrhistogram::Histogram;
use memchr::memmem::Finder;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::procstat::{self, CpuMeter};
use crate::target::Target;

/// Sockets connecting at once (the listener's backlog is finite).
const CONNECTS_AT_ONCE: usize = 64;
/// How long one socket may take to connect and catch up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// Sends in flight at most; a server slower than that lowers the achieved rate.
const SENDS_IN_FLIGHT: usize = 1024;
/// Latency histograms, each shared by every `SHARDS`th socket, so recording
/// rarely waits for a lock.
const SHARDS: usize = 16;
/// The highest latency recorded, in µs; higher ones count as this.
const MAX_LATENCY_US: u64 = 300_000_000;

/// Read buffer of an agent socket. tungstenite zero-fills the whole buffer
/// before every read attempt (tungstenite-rs issue 547); with its 128 KiB
/// default that memset was a third of the bench's CPU. Frames are ~1–2 KB.
const READ_BUFFER: usize = 8 * 1024;

/// Where the id starts in a message body.
const MARKER: &str = "loadbench ~";
static MARKER_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(MARKER));
/// The first `kind` of an agent frame is its event's (the envelope before it
/// has no such key), so finding it is enough to skip other events cheaply.
static KIND_FINDER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(r#""kind":""#));

/// The parameters of one point.
pub struct Point {
    pub agents: usize,
    pub rate: u32,
    pub seconds: u64,
    /// How long to wait after the last send for deliveries still on the way.
    pub drain: Duration,
    /// The first message id, so ids never repeat within a sweep.
    pub first_id: u64,
}

impl Point {
    /// Messages sent in this point.
    pub fn messages(&self) -> u64 {
        u64::from(self.rate) * self.seconds
    }
}

/// What one point measured.
pub struct Outcome {
    /// Time until every socket connected and got `caught_up`.
    pub connect: Duration,
    /// Sends answered 2xx per second of the send phase (until the last
    /// answer); below the rate when the server could not keep up.
    pub send_rate: f64,
    /// Fan-out latency in µs: send start to a socket's frame, per socket.
    pub latency: Histogram<u64>,
    /// Sends started that failed or were answered non-2xx.
    pub http_errors: u64,
    /// Sockets that did not connect, or closed before the end of the point.
    pub socket_errors: u64,
    /// (socket, answered message) pairs not delivered by the end of the drain.
    pub missing: u64,
    /// The servers' RSS at the end of the send phase, when known.
    pub server_rss_mib: Option<f64>,
    /// The servers' CPU over the send phase (100 % = one core), when known.
    pub server_cpu: Option<f64>,
    /// The bench's own CPU over the send phase, to show it was not the limit.
    pub bench_cpu: f64,
}

/// State every socket task of a point shares.
struct Shared {
    epoch: Instant,
    first_id: u64,
    messages: usize,
    shards: Vec<Mutex<Histogram<u64>>>,
    /// Deliveries so far, to end the drain as soon as everything arrived.
    deliveries: AtomicU64,
}

impl Shared {
    /// Microseconds since the point's epoch: the clock of send timestamps.
    fn now_us(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64
    }

    /// Records a frame if it is a `message_upserted` of this point seen for
    /// the first time on this socket.
    fn on_frame(&self, socket: usize, seen: &mut [u64], text: &str) {
        let Some((id, sent)) = parse(text) else {
            return;
        };
        let Some(slot) = id
            .checked_sub(self.first_id)
            .map(|s| s as usize)
            .filter(|&s| s < self.messages)
        else {
            return;
        };
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        if seen[word] & bit != 0 {
            return;
        }
        seen[word] |= bit;
        let latency = self.now_us().saturating_sub(sent).max(1);
        self.shards[socket % SHARDS]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .saturating_record(latency);
        self.deliveries.fetch_add(1, Ordering::Relaxed);
    }
}

/// The id and send time in a `message_upserted` frame of the bench.
fn parse(text: &str) -> Option<(u64, u64)> {
    let kind = KIND_FINDER.find(text.as_bytes())? + r#""kind":""#.len();
    let rest = text.get(kind..)?;
    if !rest.starts_with("message_upserted\"") {
        return None;
    }
    let at = MARKER_FINDER.find(rest.as_bytes())? + MARKER.len();
    let mut parts = rest.get(at..)?.splitn(3, '~');
    let id = parts.next()?.parse().ok()?;
    let sent = parts.next()?.parse().ok()?;
    Some((id, sent))
}

/// Runs one point against a target.
pub async fn run(target: &Target, point: &Point) -> anyhow::Result<Outcome> {
    let head = target.head().await?;
    let messages = point.messages() as usize;
    let shared = Arc::new(Shared {
        epoch: Instant::now(),
        first_id: point.first_id,
        messages,
        shards: (0..SHARDS)
            .map(|_| Histogram::new_with_bounds(1, MAX_LATENCY_US, 3).map(Mutex::new))
            .collect::<Result<_, _>>()?,
        deliveries: AtomicU64::new(0),
    });

    // Connect every socket; each reports once it is caught up (or failed).
    let connect_start = Instant::now();
    let (stop_tx, stop) = watch::channel(false);
    let (ready_tx, mut ready) = mpsc::unbounded_channel();
    let connects = Arc::new(Semaphore::new(CONNECTS_AT_ONCE));
    let sockets: Vec<_> = (0..point.agents)
        .map(|i| {
            let url = format!(
                "{}/api/v1/ws?after={head}",
                target.urls[i % target.urls.len()].replacen("http", "ws", 1)
            );
            let token = target.tokens[i % target.tokens.len()].clone();
            let agent = Agent {
                index: i,
                shared: shared.clone(),
                stop: stop.clone(),
            };
            let (ready, connects) = (ready_tx.clone(), connects.clone());
            tokio::spawn(agent.run(url, token, ready, connects))
        })
        .collect();
    let mut connected = 0usize;
    for _ in 0..point.agents {
        connected += usize::from(ready.recv().await.unwrap_or(false));
    }
    let connect = connect_start.elapsed();

    let server_cpu = CpuMeter::start(&target.pids)?;
    let bench_cpu = CpuMeter::start(&[std::process::id()])?;
    let sends = send(target, point, &shared).await?;
    let server_cpu = (!target.pids.is_empty())
        .then(|| server_cpu.percent())
        .transpose()?;
    let server_rss_mib = (!target.pids.is_empty())
        .then(|| procstat::rss_mib(&target.pids))
        .transpose()?;
    let bench_cpu = bench_cpu.percent()?;

    // Wait for what is still on the way, then close every socket.
    let expected = connected as u64 * sends.answered_count;
    let deadline = Instant::now() + point.drain;
    while shared.deliveries.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop_tx.send(true)?;
    let mut socket_errors = (point.agents - connected) as u64;
    let mut missing = 0u64;
    for socket in sockets {
        let socket = socket.await?;
        if !socket.connected {
            continue;
        }
        socket_errors += u64::from(socket.dropped);
        let delivered: u64 = (socket.seen.iter().zip(&sends.answered))
            .map(|(seen, ok)| u64::from((seen & ok).count_ones()))
            .sum();
        missing += sends.answered_count - delivered;
    }
    let mut latency = Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)?;
    for shard in &shared.shards {
        latency.add(&*shard.lock().unwrap_or_else(PoisonError::into_inner))?;
    }
    Ok(Outcome {
        connect,
        send_rate: sends.answered_count as f64 / sends.seconds,
        latency,
        http_errors: sends.started - sends.answered_count,
        socket_errors,
        missing,
        server_rss_mib,
        server_cpu,
        bench_cpu,
    })
}

/// What the customers' sends came to.
struct Sends {
    started: u64,
    /// Bit per message of the point: answered 2xx.
    answered: Vec<u64>,
    answered_count: u64,
    /// From the first send to the last answer.
    seconds: f64,
}

/// Customers send at the point's rate for its duration, round-robin over the
/// visitor pool, each message carrying its id and send time.
async fn send(target: &Target, point: &Point, shared: &Arc<Shared>) -> anyhow::Result<Sends> {
    let messages = shared.messages;
    let in_flight = Arc::new(Semaphore::new(SENDS_IN_FLIGHT));
    let period = Duration::from_secs(1) / point.rate;
    let start = tokio::time::Instant::now();
    let end = start + Duration::from_secs(point.seconds);
    let mut sends = JoinSet::new();
    let mut results = Vec::with_capacity(messages);
    for k in 0..messages {
        tokio::time::sleep_until(start + period * k as u32).await;
        // A server slower than the rate holds up the sends in flight; the
        // phase still ends on time, and the achieved rate tells.
        let Ok(permit) = tokio::time::timeout_at(end, in_flight.clone().acquire_owned()).await
        else {
            break;
        };
        let permit = permit?;
        let visitor = &target.visitors[k % target.visitors.len()];
        let url = format!("{}/api/v1/widget/messages", target.urls[visitor.url]);
        let (http, token, shared) = (target.http.clone(), visitor.token.clone(), shared.clone());
        sends.spawn(async move {
            let id = shared.first_id + k as u64;
            let request = SendMessageRequest {
                body: format!("{MARKER}{id}~{}~", shared.now_us()),
                client_id: Some(format!("lb-{id}")),
                card: None,
            };
            let answer = http
                .post(url)
                .bearer_auth(token)
                .json(&request)
                .send()
                .await;
            let ok = match answer {
                // Read the body so the connection goes back to the pool.
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            };
            drop(permit);
            (k, ok)
        });
        while let Some(done) = sends.try_join_next() {
            results.push(done?);
        }
    }
    results.extend(sends.join_all().await);
    let mut answered = vec![0u64; messages.div_ceil(64)];
    let mut answered_count = 0u64;
    for &(k, ok) in &results {
        if ok {
            answered[k / 64] |= 1 << (k % 64);
            answered_count += 1;
        }
    }
    Ok(Sends {
        started: results.len() as u64,
        answered,
        answered_count,
        seconds: start.elapsed().as_secs_f64(),
    })
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// One agent socket's task.
struct Agent {
    index: usize,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
}

/// What a socket task hands back at the end of the point.
struct AgentEnd {
    connected: bool,
    /// Closed by the server (or failed) before the point ended.
    dropped: bool,
    /// Bit per message of the point: delivered to this socket.
    seen: Vec<u64>,
}

impl Agent {
    /// Connects, reports, then records frames until told to stop.
    async fn run(
        mut self,
        url: String,
        token: String,
        ready: mpsc::UnboundedSender<bool>,
        connects: Arc<Semaphore>,
    ) -> AgentEnd {
        let mut end = AgentEnd {
            connected: false,
            dropped: false,
            seen: vec![0; self.shared.messages.div_ceil(64)],
        };
        let socket = {
            let _permit = connects.acquire().await;
            tokio::time::timeout(CONNECT_TIMEOUT, open(url, &token)).await
        };
        let Ok(Ok(mut socket)) = socket else {
            let _ = ready.send(false);
            return end;
        };
        end.connected = true;
        let _ = ready.send(true);
        loop {
            tokio::select! {
                biased;
                _ = self.stop.changed() => break,
                frame = socket.next() => match frame {
                    Some(Ok(Message::Text(text))) => {
                        self.shared.on_frame(self.index, &mut end.seen, &text);
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                        end.dropped = true;
                        break;
                    }
                    Some(Ok(_)) => {}
                },
            }
        }
        end
    }
}

/// Opens an agent socket and reads until its `caught_up` frame.
async fn open(url: String, token: &str) -> anyhow::Result<Socket> {
    let mut request = url.into_client_request()?;
    request
        .headers_mut()
        .insert("authorization", format!("Bearer {token}").parse()?);
    let config = WebSocketConfig::default().read_buffer_size(READ_BUFFER);
    let (mut socket, _) =
        tokio_tungstenite::connect_async_with_config(request, Some(config), true).await?;
    while let Some(frame) = socket.next().await {
        if let Message::Text(text) = frame? {
            if text.contains(r#""type":"caught_up""#) {
                return Ok(socket);
            }
        }
    }
    anyhow::bail!("socket closed before caught_up")
}
