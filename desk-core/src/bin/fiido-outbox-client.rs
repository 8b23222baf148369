//! `fiido-outbox-client`: a desk without a window, for the fault-injection
//! test (`tests/fault_injection.rs`). It keeps its cache in a file, queues
//! messages "fault #0".."fault #N-1" round-robin into the given conversations
//! through the outbox, exactly as the app's send command does, and exits 0
//! once all are queued and the outbox is empty. Killed and started again, it
//! goes on after the last message its cache holds.
//!
//! Arguments: SERVER_URL CACHE_FILE CONVERSATIONS(comma-separated) TOTAL
//! PACE_MS; the session's token and agent (JSON) come in the environment
//! (`FIIDO_TOKEN`, `FIIDO_AGENT`) so they stay out of `ps`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::{spawn, ApiClient, EngineHandle};
use fiido_protocol::model::Agent;

/// How long to wait for the engine between two looks at the cache.
const TICK: Duration = Duration::from_millis(50);

struct Args {
    server: String,
    cache: PathBuf,
    conversations: Vec<String>,
    total: usize,
    pace: Duration,
    token: String,
    agent: Agent,
}

fn args() -> Result<Args, String> {
    let mut a = std::env::args().skip(1);
    let mut next = |name: &str| a.next().ok_or(format!("missing {name}"));
    let server = next("SERVER_URL")?;
    let cache = PathBuf::from(next("CACHE_FILE")?);
    let conversations: Vec<String> = next("CONVERSATIONS")?
        .split(',')
        .map(str::to_owned)
        .collect();
    let total = next("TOTAL")?.parse().map_err(|_| "TOTAL is a number")?;
    let pace = Duration::from_millis(
        next("PACE_MS")?
            .parse()
            .map_err(|_| "PACE_MS is a number")?,
    );
    let token = std::env::var("FIIDO_TOKEN").map_err(|_| "FIIDO_TOKEN is not set")?;
    let agent =
        serde_json::from_str(&std::env::var("FIIDO_AGENT").map_err(|_| "FIIDO_AGENT is not set")?)
            .map_err(|e| format!("FIIDO_AGENT: {e}"))?;
    Ok(Args {
        server,
        cache,
        conversations,
        total,
        pace,
        token,
        agent,
    })
}

/// Waits for a change notice or a link change, or a tick.
async fn settle(handle: &EngineHandle) {
    let mut changes = handle.changes.subscribe();
    let mut link = handle.link.clone();
    tokio::select! {
        _ = changes.recv() => {}
        _ = link.changed() => {}
        _ = tokio::time::sleep(TICK) => {}
    }
}

/// The index after the highest "fault #i" the cache holds.
fn next_index(store: &Store, conversations: &[String]) -> Result<usize, String> {
    let mut next = 0;
    for id in conversations {
        let detail = store
            .conversation_detail(id)
            .map_err(|e| e.message)?
            .ok_or(format!("conversation {id} is not cached"))?;
        for m in detail.messages {
            if let Some(i) = m
                .body
                .strip_prefix("fault #")
                .and_then(|i| i.parse::<usize>().ok())
            {
                next = next.max(i + 1);
            }
        }
    }
    Ok(next)
}

async fn run(args: Args) -> Result<(), String> {
    let store = Arc::new(Store::open(&args.cache).map_err(|e| e.message)?);
    let handle = spawn(
        store.clone(),
        ApiClient::new(&args.server, args.token.clone()),
    );
    // A complete snapshot first: a start killed halfway through one left a
    // cache that still holds only the messages not yet delivered.
    while !(store.has_snapshot().unwrap_or(false)
        && args
            .conversations
            .iter()
            .all(|id| matches!(store.conversation_detail(id), Ok(Some(_)))))
    {
        settle(&handle).await;
    }
    let from = next_index(&store, &args.conversations)?;
    for i in from..args.total {
        let conversation = &args.conversations[i % args.conversations.len()];
        store
            .enqueue_send(conversation, &format!("fault #{i}"), &args.agent)
            .map_err(|e| e.message)?;
        handle.outbox_changed();
        tokio::time::sleep(args.pace).await;
    }
    while store.queued_count().map_err(|e| e.message)? > 0 {
        settle(&handle).await;
    }
    println!("queued from #{from}; outbox empty");
    Ok(())
}

#[tokio::main]
async fn main() {
    let result = match args() {
        Ok(args) => run(args).await,
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        eprintln!("fiido-outbox-client: {e}");
        std::process::exit(1);
    }
}
