//! Simulated customer traffic through the widget's API (`fiido-server
//! simulate`), for demos and load: new chats and follow-ups at a set rate,
//! with lines taken from the demo store's conversation threads.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fiido_protocol::api::{SendMessageRequest, WidgetSession, WidgetSessionRequest};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tokio::sync::{Mutex, Semaphore};

use crate::cli::SimulateArgs;
use crate::demo::content::Content;

/// Requests in flight at most, so a slow server is not buried.
const MAX_IN_FLIGHT: usize = 256;
/// Share of sends that start a new chat rather than follow up on one.
const NEW_CHAT_SHARE: f64 = 0.3;

#[derive(Default)]
struct Counters {
    chats: AtomicU64,
    messages: AtomicU64,
    errors: AtomicU64,
}

struct Lines {
    openers: Vec<(String, String)>,
    follow_ups: Vec<String>,
    names: Vec<String>,
}

fn lines() -> anyhow::Result<Lines> {
    let content = Content::load()?;
    let fill = |s: &str| {
        s.replace("{customer_name}", "there")
            .replace("{order_id}", "FD-100312")
            .replace("{model}", "D11")
            .replace("{tracking_no}", "JJD0146000093881201")
            .replace("{agent_name}", "there")
            .replace("{store_name}", "Fiido")
    };
    let mut openers = Vec::new();
    let mut follow_ups = Vec::new();
    for thread in &content.threads {
        let mut customer_lines = thread.messages.iter().filter(|m| m.author == "customer");
        if let Some(first) = customer_lines.next() {
            openers.push((thread.language.clone(), fill(&first.body)));
        }
        follow_ups.extend(customer_lines.map(|m| fill(&m.body)));
    }
    let names = content
        .countries
        .iter()
        .flat_map(|c| {
            c.first_names
                .iter()
                .zip(c.last_names.iter())
                .map(|(f, l)| format!("{f} {l}"))
        })
        .collect();
    Ok(Lines {
        openers,
        follow_ups,
        names,
    })
}

/// Plays customers until the duration is over, then prints what happened.
pub async fn run(args: SimulateArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.rate > 0.0 && args.rate.is_finite(),
        "--rate must be a positive number"
    );
    let base = args.url.trim_end_matches('/').to_owned();
    let lines = Arc::new(lines()?);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let sessions: Arc<Mutex<Vec<String>>> = Arc::default();
    let counters = Arc::new(Counters::default());
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / args.rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let started = Instant::now();
    let end = started + Duration::from_secs(args.duration);
    let mut tasks = tokio::task::JoinSet::new();

    println!(
        "simulating customers on {base} (store {}) at {}/s for {} s",
        args.store, args.rate, args.duration
    );
    while Instant::now() < end {
        tick.tick().await;
        let permit = in_flight.clone().acquire_owned().await?;
        let known = sessions.lock().await.len();
        let new_chat = known == 0 || rng.random_bool(NEW_CHAT_SHARE);
        let pick: u64 = rng.random();
        let (http, base, store, lines, sessions, counters) = (
            http.clone(),
            base.clone(),
            args.store.clone(),
            lines.clone(),
            sessions.clone(),
            counters.clone(),
        );
        tasks.spawn(async move {
            let result = if new_chat {
                new_chat_with(&http, &base, &store, &lines, pick, &sessions, &counters).await
            } else {
                follow_up(&http, &base, &lines, pick, &sessions, &counters).await
            };
            if let Err(e) = result {
                counters.errors.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(error = %e, "simulated send failed");
            }
            drop(permit);
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    let elapsed = started.elapsed().as_secs_f64();
    let messages = counters.messages.load(Ordering::Relaxed);
    println!(
        "done: {} new chats, {} messages ({:.1}/s), {} errors in {:.1} s",
        counters.chats.load(Ordering::Relaxed),
        messages,
        messages as f64 / elapsed,
        counters.errors.load(Ordering::Relaxed),
        elapsed
    );
    Ok(())
}

async fn new_chat_with(
    http: &reqwest::Client,
    base: &str,
    store: &str,
    lines: &Lines,
    pick: u64,
    sessions: &Mutex<Vec<String>>,
    counters: &Counters,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(pick);
    let name = lines
        .names
        .choose(&mut rng)
        .cloned()
        .unwrap_or_else(|| "Visitor".into());
    let (language, text) = lines.openers.choose(&mut rng).cloned().unwrap_or_default();
    let request = WidgetSessionRequest {
        store: store.to_owned(),
        name,
        email: None,
        language: Some(language),
        timezone: Some("Europe/Berlin".into()),
        device: Some("Simulated browser".into()),
    };
    let response = http
        .post(format!("{base}/api/v1/widget/sessions"))
        .json(&request)
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "start chat: {}",
        response.status()
    );
    let session: WidgetSession = response.json().await?;
    counters.chats.fetch_add(1, Ordering::Relaxed);
    send(http, base, &session.token, text, counters).await?;
    sessions.lock().await.push(session.token);
    Ok(())
}

async fn follow_up(
    http: &reqwest::Client,
    base: &str,
    lines: &Lines,
    pick: u64,
    sessions: &Mutex<Vec<String>>,
    counters: &Counters,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(pick);
    let token = {
        let sessions = sessions.lock().await;
        sessions.choose(&mut rng).cloned()
    };
    let Some(token) = token else { return Ok(()) };
    let text = lines
        .follow_ups
        .choose(&mut rng)
        .cloned()
        .unwrap_or_else(|| "Any news?".into());
    send(http, base, &token, text, counters).await
}

async fn send(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    body: String,
    counters: &Counters,
) -> anyhow::Result<()> {
    let request = SendMessageRequest {
        body,
        client_id: Some(uuid::Uuid::now_v7().to_string()),
        card: None,
    };
    let response = http
        .post(format!("{base}/api/v1/widget/messages"))
        .bearer_auth(token)
        .json(&request)
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "send: {}",
        response.status()
    );
    counters.messages.fetch_add(1, Ordering::Relaxed);
    Ok(())
}
