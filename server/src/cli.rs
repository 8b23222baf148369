//! Command-line options.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::carriers::dhl::{self, DhlConfig};
use crate::carriers::fedex::{self, FedExConfig};
use crate::carriers::ups::{self, UpsConfig};
use crate::carriers::{Carriers, Secret};

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
    /// Follow shipped orders with their carrier: deliveries confirm orders,
    /// exceptions open logistics tickets (COM-3).
    #[arg(long)]
    pub track_shipments: bool,
    #[command(flatten)]
    pub carriers: CarrierArgs,
    #[command(flatten)]
    pub channels: ChannelArgs,
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

/// Keys of the real carriers' tracking APIs. A carrier without its keys is
/// simulated. Give keys through the environment rather than flags, which
/// other users of the machine can read in the process list.
#[derive(Debug, Args, Clone)]
pub struct CarrierArgs {
    /// DHL Shipment Tracking – Unified API key.
    #[arg(
        long,
        value_name = "KEY",
        env = "FIIDO_DHL_API_KEY",
        hide_env_values = true
    )]
    pub dhl_api_key: Option<Secret>,
    /// Base URL of DHL's API.
    #[arg(long, value_name = "URL", env = "FIIDO_DHL_URL", default_value = dhl::DEFAULT_URL)]
    pub dhl_url: String,
    /// FedEx API key (OAuth client id); needs --fedex-client-secret.
    #[arg(
        long,
        value_name = "ID",
        env = "FIIDO_FEDEX_CLIENT_ID",
        hide_env_values = true,
        requires = "fedex_client_secret"
    )]
    pub fedex_client_id: Option<Secret>,
    /// FedEx secret key (OAuth client secret).
    #[arg(
        long,
        value_name = "SECRET",
        env = "FIIDO_FEDEX_CLIENT_SECRET",
        hide_env_values = true,
        requires = "fedex_client_id"
    )]
    pub fedex_client_secret: Option<Secret>,
    /// Base URL of FedEx's API.
    #[arg(long, value_name = "URL", env = "FIIDO_FEDEX_URL", default_value = fedex::DEFAULT_URL)]
    pub fedex_url: String,
    /// UPS OAuth client id; needs --ups-client-secret.
    #[arg(
        long,
        value_name = "ID",
        env = "FIIDO_UPS_CLIENT_ID",
        hide_env_values = true,
        requires = "ups_client_secret"
    )]
    pub ups_client_id: Option<Secret>,
    /// UPS OAuth client secret.
    #[arg(
        long,
        value_name = "SECRET",
        env = "FIIDO_UPS_CLIENT_SECRET",
        hide_env_values = true,
        requires = "ups_client_id"
    )]
    pub ups_client_secret: Option<Secret>,
    /// Base URL of UPS's API.
    #[arg(long, value_name = "URL", env = "FIIDO_UPS_URL", default_value = ups::DEFAULT_URL)]
    pub ups_url: String,
}

impl CarrierArgs {
    /// The carriers to ask: the real API of each carrier whose keys are all
    /// given, the simulated carrier for the rest.
    pub fn registry(&self) -> Carriers {
        let dhl = given(&self.dhl_api_key).map(|api_key| DhlConfig {
            base_url: self.dhl_url.clone(),
            api_key,
        });
        let fedex = given(&self.fedex_client_id)
            .zip(given(&self.fedex_client_secret))
            .map(|(client_id, client_secret)| FedExConfig {
                base_url: self.fedex_url.clone(),
                client_id,
                client_secret,
            });
        let ups = given(&self.ups_client_id)
            .zip(given(&self.ups_client_secret))
            .map(|(client_id, client_secret)| UpsConfig {
                base_url: self.ups_url.clone(),
                client_id,
                client_secret,
            });
        Carriers::new(dhl, fedex, ups)
    }
}

/// The e-mail and social channels (PLAT-5). Secrets come best through the
/// environment.
#[derive(Debug, Args, Clone)]
pub struct ChannelArgs {
    /// Address to take customers' e-mail on over SMTP (mail to any address
    /// at a store's domain reaches that store), e.g. 0.0.0.0:25.
    #[arg(long, value_name = "ADDR", env = "FIIDO_SMTP_LISTEN")]
    pub smtp_listen: Option<SocketAddr>,
    /// The relay agents' e-mail replies leave through, as a URL:
    /// smtp://host:port (plain), smtp://user:pass@host?tls=required, smtps://…
    #[arg(
        long,
        value_name = "URL",
        env = "FIIDO_SMTP_RELAY",
        hide_env_values = true
    )]
    pub smtp_relay: Option<Secret>,
    /// The secret social bridges sign webhook calls with (HMAC-SHA256), and
    /// the server signs its outbound calls with.
    #[arg(
        long,
        value_name = "SECRET",
        env = "FIIDO_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<Secret>,
    /// Where agents' replies in social conversations are posted.
    #[arg(long, value_name = "URL", env = "FIIDO_WEBHOOK_OUTBOUND_URL")]
    pub webhook_outbound_url: Option<String>,
}

impl ChannelArgs {
    /// The channel settings the running server uses.
    pub fn config(&self) -> crate::channels::ChannelConfig {
        crate::channels::ChannelConfig {
            smtp_relay: given(&self.smtp_relay),
            webhook_secret: given(&self.webhook_secret),
            webhook_outbound_url: self
                .webhook_outbound_url
                .clone()
                .filter(|u| !u.trim().is_empty()),
        }
    }
}

/// A key that is set and not blank (an empty environment variable is no key).
fn given(key: &Option<Secret>) -> Option<Secret> {
    key.clone().filter(|k| !k.expose().trim().is_empty())
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
