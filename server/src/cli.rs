//! Command-line options.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Fiido Desk's hosted API.
#[derive(Debug, Parser)]
#[command(name = "fiido-server", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// What else the binary can do besides serving.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play customers through the widget's API against a running server.
    Simulate(SimulateArgs),
    /// Print the OpenAPI document (the same one served at /api/v1/openapi.json).
    Openapi,
}

/// Options of the server.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8787", env = "FIIDO_LISTEN")]
    pub listen: SocketAddr,
    /// Directory of the SQLite database.
    #[arg(long, default_value = "./fiido-data", env = "FIIDO_DATA_DIR")]
    pub data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://user@host:port/db): several instances
    /// may share it. Without it the server keeps one SQLite file in --data-dir.
    #[arg(long, value_name = "URL", env = "FIIDO_DATABASE")]
    pub database: Option<String>,
    /// Follow shipped orders with the (simulated) carrier: deliveries
    /// confirm orders, exceptions open logistics tickets (COM-3).
    #[arg(long)]
    pub track_shipments: bool,
    /// Fill the demo store when the database is empty.
    #[arg(long)]
    pub demo: bool,
    /// Extra browser origins allowed to call the API (besides the stores' own).
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// For tests: a file holding Unix milliseconds that is the server's
    /// clock (business hours, timestamps), read on every use.
    #[arg(long, value_name = "FILE", hide = true)]
    pub clock_file: Option<PathBuf>,
}

/// Options of the traffic simulator.
#[derive(Debug, Args, Clone)]
pub struct SimulateArgs {
    /// Base URL of the server, e.g. http://127.0.0.1:8787.
    #[arg(long)]
    pub url: String,
    /// Customer messages per second.
    #[arg(long, default_value_t = 1.0)]
    pub rate: f64,
    /// How long to run, in seconds.
    #[arg(long, default_value_t = 60)]
    pub duration: u64,
    /// The store key customers write to.
    #[arg(long, default_value = "fiido-eu")]
    pub store: String,
    /// Seed of the simulated customers' choices.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}
