//! `fiido-server`: serves the API, or plays simulated customers against one.

use clap::Parser;
use fiido_server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Simulate(args)) => fiido_server::simulate::run(args).await,
        Some(Command::Openapi) => {
            println!(
                "{}",
                fiido_server::app::openapi_document().to_pretty_json()?
            );
            Ok(())
        }
        None => fiido_server::serve::run(cli.serve).await,
    }
}
