//! All SQL of the server lives under this module. The SQL is portable (it
//! runs on SQLite now and on PostgreSQL in a later issue) and goes through
//! sqlx's `Any` driver so both backends share one code path.

pub mod agents;
pub mod attachments;
pub mod auto_replies;
pub mod catalogue;
pub mod channels;
pub mod codec;
pub mod conversations;
pub mod customers;
pub mod cycles;
pub mod events;
pub mod idempotency;
pub mod media;
pub mod messages;
pub mod presence;
pub mod privacy;
pub mod routing;
pub mod sessions;
pub mod settings;
pub mod snapshot;
pub mod stats;
pub mod stores;
pub mod tickets;

use std::path::Path;
use std::sync::Arc;

use fiido_protocol::events::{Event, EventData};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::clock::now_ms;
use crate::error::AppResult;
use crate::hub::EventHub;

/// Which stores a caller may see: every store for admins, else the stores the
/// agent serves. Bound into queries as `($n = 1 OR store_id IN (...))`.
#[derive(Debug, Clone)]
pub struct Scope {
    pub agent_id: String,
    pub all_stores: bool,
    pub store_ids: Vec<String>,
    /// Leads and admins see draft articles and their changes (KB-5).
    pub sees_drafts: bool,
}

impl Scope {
    /// The server's own view, for sweeps and lookups no caller limits.
    pub fn everyone() -> Self {
        Scope {
            agent_id: String::new(),
            all_stores: true,
            store_ids: Vec::new(),
            sees_drafts: true,
        }
    }

    /// Whether an event or row of this store is visible.
    pub fn sees_store(&self, store_id: Option<&str>) -> bool {
        match store_id {
            None => true,
            Some(id) => self.all_stores || self.store_ids.iter().any(|s| s == id),
        }
    }

    /// Whether the caller may see an event: its store is visible and, for a
    /// private change, it is the caller's own.
    pub fn sees(&self, event: &fiido_protocol::events::Event) -> bool {
        self.sees_store(event.store_id.as_deref())
            && event
                .data
                .private_to()
                .is_none_or(|agent| agent == self.agent_id)
            && (self.sees_drafts || !event.data.leads_only())
    }

    fn all_flag(&self) -> i64 {
        i64::from(self.all_stores)
    }
}

/// Which database the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file: one instance (the default).
    Sqlite,
    /// PostgreSQL: several instances may share it (DESIGN §3).
    Postgres,
}

/// The PostgreSQL channel a committing transaction notifies, so every
/// instance reads the new events from the log and pushes them to its sockets.
pub const EVENTS_CHANNEL: &str = "fiido_events";

/// The advisory lock every writing transaction holds on PostgreSQL: one
/// writer at a time across instances, so `seq` order is commit order and a
/// reader never skips an event that commits late (DESIGN §3). ("fiido")
const WRITE_LOCK_KEY: i64 = 0x0066_6969_646f;

/// The database handle: a connection pool plus the single-writer lock that
/// makes `seq` order equal commit order.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    write_lock: Arc<Mutex<()>>,
    hub: EventHub,
}

impl Db {
    /// Opens the database `--database` names (a `postgres://` URL), else the
    /// SQLite file in `data_dir`, and migrates it.
    pub async fn open(
        database: Option<&str>,
        data_dir: &Path,
        hub: EventHub,
    ) -> anyhow::Result<Self> {
        match database {
            Some(url) => Self::open_postgres(url, hub).await,
            None => Self::open_sqlite(data_dir, hub).await,
        }
    }

    /// Opens (creating if needed) the SQLite file in `data_dir` and migrates it.
    async fn open_sqlite(data_dir: &Path, hub: EventHub) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join("fiido.sqlite3");
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let options: AnyConnectOptions = url.parse()?;
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    // Erased customers' data must not linger in free pages (CUST-6).
                    conn.execute("PRAGMA secure_delete = ON").await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Self::migrated(pool, Backend::Sqlite, hub).await
    }

    /// Connects to PostgreSQL and migrates it (sqlx takes an advisory lock,
    /// so instances starting together migrate once).
    async fn open_postgres(url: &str, hub: EventHub) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        anyhow::ensure!(
            url.starts_with("postgres://") || url.starts_with("postgresql://"),
            "--database takes a postgres:// URL"
        );
        let options: AnyConnectOptions = url.parse()?;
        let pool = AnyPoolOptions::new()
            .max_connections(16)
            .connect_with(options)
            .await?;
        Self::migrated(pool, Backend::Postgres, hub).await
    }

    async fn migrated(pool: AnyPool, backend: Backend, hub: EventHub) -> anyhow::Result<Self> {
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
            hub,
        })
    }

    /// The pool, for reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The database this server runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// After an erasure (CUST-6): on SQLite, moves the WAL into the
    /// database file and empties it, so no copy of the erased pages stays
    /// in the log (freed pages are zeroed by `secure_delete`). PostgreSQL
    /// keeps dead rows until autovacuum; they are not readable by queries.
    pub async fn reclaim_erased(&self) -> AppResult<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// The hub committed events are published to.
    pub fn hub(&self) -> &EventHub {
        &self.hub
    }

    /// Starts the one write transaction allowed at a time (in this process
    /// by a mutex, across instances by PostgreSQL's advisory lock). Events
    /// appended to it are published, in order, only after it commits.
    pub async fn begin_write(&self) -> AppResult<WriteTx> {
        let guard = self.write_lock.clone().lock_owned().await;
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
        }
        Ok(WriteTx {
            tx,
            pending: Vec::new(),
            hub: (self.backend == Backend::Sqlite).then(|| self.hub.clone()),
            _guard: guard,
            now: now_ms(),
        })
    }
}

/// A write transaction holding the writer lock. Dropping it rolls back.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    pending: Vec<Event>,
    /// Where to publish after commit; None on PostgreSQL, where every
    /// instance (this one too) publishes what the notification announces.
    hub: Option<EventHub>,
    _guard: OwnedMutexGuard<()>,
    /// The transaction's timestamp, shared by every row and event it writes.
    pub now: i64,
}

impl WriteTx {
    /// The connection, for the query functions of this module.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Appends an event to the log in this transaction and returns it.
    pub async fn append(
        &mut self,
        store_id: Option<&str>,
        conversation_id: Option<&str>,
        client_id: Option<&str>,
        data: EventData,
    ) -> AppResult<Event> {
        let event = events::append(
            &mut self.tx,
            self.now,
            store_id,
            conversation_id,
            client_id,
            data,
        )
        .await?;
        self.pending.push(event.clone());
        Ok(event)
    }

    /// Commits, then publishes the appended events while still holding the
    /// writer lock, so the hub sees them in seq order. On PostgreSQL the
    /// commit delivers a notification instead, to every instance.
    pub async fn commit(self) -> AppResult<()> {
        let WriteTx {
            mut tx,
            pending,
            hub,
            _guard,
            ..
        } = self;
        if hub.is_none() && !pending.is_empty() {
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(EVENTS_CHANNEL)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if let Some(hub) = hub {
            hub.publish(pending);
        }
        Ok(())
    }
}

/// Runs a fresh connection check, for `/healthz`.
pub async fn ping(pool: &AnyPool) -> AppResult<()> {
    let mut conn = pool.acquire().await?;
    conn.ping().await?;
    Ok(())
}
