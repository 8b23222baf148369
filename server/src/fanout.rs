//! Fan-out across instances on PostgreSQL (DESIGN §3): every instance
//! LISTENs; a committing writer's notification makes each one read the new
//! events from the log, in seq order, and push them to its own sockets.
//! Typing signals travel as notifications too (they are never logged).

use std::time::Duration;

use sqlx::postgres::{PgListener, PgNotification};
use tokio::sync::watch;

use crate::db::{self, Db, EVENTS_CHANNEL};
use crate::error::AppResult;
use crate::typing::{Typing, TypingHub, TYPING_CHANNEL};

/// Events read from the log per query.
const BATCH: i64 = 1000;
/// How often the log is read even without a notification: a lost listener
/// connection must delay events, never lose them.
const POLL: Duration = Duration::from_secs(1);

/// Runs until shutdown: follows the log and relays typing into this
/// instance's hubs. `published` is the log position the hub already has.
pub async fn run(
    url: String,
    db: Db,
    typing: TypingHub,
    mut published: i64,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut listener = loop {
        match listen(&url).await {
            Ok(listener) => break listener,
            Err(error) => {
                tracing::warn!(%error, "listening for events; retrying");
                tokio::select! {
                    _ = tokio::time::sleep(POLL) => {}
                    _ = shutdown.changed() => return,
                }
            }
        }
    };
    loop {
        if let Err(error) = publish_new(&db, &mut published).await {
            tracing::warn!(%error, "reading new events");
        }
        tokio::select! {
            notification = listener.recv() => match notification {
                Ok(first) => {
                    // Many commits, one read: take what is already buffered.
                    relay(&typing, &first);
                    while let Some(next) = listener.next_buffered() {
                        relay(&typing, &next);
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "event notifications");
                    tokio::time::sleep(POLL).await;
                }
            },
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Passes a typing notification to this instance's sockets; event
/// notifications only wake the loop.
fn relay(typing: &TypingHub, notification: &PgNotification) {
    if notification.channel() == TYPING_CHANNEL {
        if let Ok(signal) = serde_json::from_str::<Typing>(notification.payload()) {
            typing.deliver(signal);
        }
    }
}

async fn listen(url: &str) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect(url).await?;
    listener
        .listen_all([EVENTS_CHANNEL, TYPING_CHANNEL])
        .await?;
    Ok(listener)
}

/// Publishes every committed event after `published`, in seq order.
async fn publish_new(db: &Db, published: &mut i64) -> AppResult<()> {
    loop {
        let batch = db::events::after(db.pool(), *published, BATCH).await?;
        let full = batch.len() as i64 >= BATCH;
        if let Some(last) = batch.last() {
            *published = last.seq;
        }
        db.hub().publish(batch);
        if !full {
            return Ok(());
        }
    }
}
