//! Structured logs (PLAT-8): to stdout and to a daily rotating file in the
//! app's log directory. Nothing secret is ever logged.

use std::path::Path;
use std::sync::OnceLock;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::{Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// Keeps the file writer flushing for the life of the process.
static GUARD: OnceLock<WorkerGuard> = OnceLock::new();

/// Starts logging; `dir` receives `fiido-desk.log.YYYY-MM-DD`, 7 days kept.
pub fn init(dir: &Path) {
    let _ = std::fs::create_dir_all(dir);
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let file = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("fiido-desk")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir);
    let registry = tracing_subscriber::registry().with(
        tracing_subscriber::fmt::layer()
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
            .with_filter(filter()),
    );
    match file {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let _ = GUARD.set(guard);
            let file_layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            let _ = registry.with(file_layer).try_init();
        }
        Err(error) => {
            let _ = registry.try_init();
            tracing::warn!(%error, "no log file; logging to stdout only");
        }
    }
}
