//! Starting and stopping the server.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock, RwLock};

use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::{router, AppState};
use crate::auth::rate_limit::LoginLimiter;
use crate::cli::ServeArgs;
use crate::db::{self, Backend, Db};
use crate::demo;
use crate::hub::EventHub;
use crate::typing::TypingHub;

/// Runs the server until SIGTERM or Ctrl+C, then drains and exits.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.clock_file {
        crate::clock::use_clock_file(path.clone());
    }
    let db = Db::open(
        args.database.as_deref(),
        &args.data_dir,
        EventHub::default(),
    )
    .await?;
    if args.demo {
        demo::fill_if_empty(&db).await?;
    }
    // Statistics count requests; a database from before they were recorded
    // (or the demo's generated history) gets them derived once.
    let mut w = db.begin_write().await?;
    let derived = db::cycles::derive_missing(w.conn()).await?;
    w.commit().await?;
    if derived > 0 {
        tracing::info!(derived, "requests derived from the conversations' history");
    }
    let mut origins: HashSet<String> = db::stores::all_origins(db.pool())
        .await?
        .into_iter()
        .collect();
    origins.extend(args.allow_origins.iter().cloned());

    let listener = TcpListener::bind(args.listen).await?;
    let local = listener.local_addr()?;
    origins.insert(format!("http://{local}"));
    if local.ip().is_loopback() {
        origins.insert(format!("http://localhost:{}", local.port()));
    }

    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let typing = match (&args.database, db.backend()) {
        (Some(url), Backend::Postgres) => {
            let typing = TypingHub::across_instances(db.pool().clone());
            let published = db::events::head(db.pool()).await?;
            tokio::spawn(crate::fanout::run(
                url.clone(),
                db.clone(),
                typing.clone(),
                published,
                shutdown_rx.clone(),
            ));
            typing
        }
        _ => TypingHub::default(),
    };
    let state = AppState {
        db,
        login_limiter: Arc::new(LoginLimiter::default()),
        origins: Arc::new(RwLock::new(origins)),
        shutdown: shutdown_rx,
        openapi: Arc::new(OnceLock::new()),
        typing,
        carriers: Arc::new(args.carriers.registry()),
        channels: Arc::new(args.channels.config()),
        instance_id: Arc::from(crate::chat::new_id()),
    };
    tracing::info!(real_apis = ?state.carriers.real(), "carriers");
    tokio::spawn(crate::snooze::run(state.clone()));
    tokio::spawn(crate::after_sales::run(state.clone()));
    if args.track_shipments {
        tokio::spawn(crate::shipping::run(state.clone()));
    }
    tokio::spawn(crate::channels::outbox::run(state.clone()));
    tokio::spawn(crate::presence::run(state.clone()));
    if let Some(addr) = args.channels.smtp_listen {
        let smtp = TcpListener::bind(addr).await?;
        println!("smtp listening on {}", smtp.local_addr()?);
        tokio::spawn(crate::channels::email::listen(state.clone(), smtp));
    }
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();

    println!("listening on http://{local}");
    if args.demo {
        demo::print_welcome(local);
    }
    use std::io::Write;
    std::io::stdout().flush()?;

    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            wait_for_signal().await;
            tracing::info!("shutting down");
            let _ = shutdown_tx.send(true);
        })
        .await?;
    Ok(())
}

async fn wait_for_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
