//! `loadbench`: the load benchmark of issue 9. For each point of a sweep over
//! agent sockets × customer messages per second it connects the sockets of
//! one store, has widget visitors send at the rate, and reports the fan-out
//! latency (send start to each socket's frame), errors, and the servers' RSS
//! and CPU, as a Markdown table; `--baseline` runs each point against
//! `baseline-server` too, for the ratio of the p99s.

mod point;
mod procstat;
mod target;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use point::{Outcome, Point};
use target::{FiidoSetup, Target};

/// Pause between points, so the server finishes closing the last sockets.
const SETTLE: Duration = Duration::from_secs(2);

/// Command-line options.
#[derive(Debug, Parser)]
#[command(name = "loadbench", about)]
struct Args {
    /// Running fiido-servers to load (e.g. two instances on one PostgreSQL),
    /// comma-separated; without it, one is started with `--demo`.
    #[arg(long, value_delimiter = ',')]
    url: Vec<String>,
    /// Process ids of the servers behind `--url`, for their RSS and CPU.
    #[arg(long, value_delimiter = ',')]
    server_pids: Vec<u32>,
    /// Also run every point against baseline-server and report the p99 ratio.
    #[arg(long)]
    baseline: bool,
    /// Read buffer of the baseline's agent sockets in bytes (default: axum's
    /// 128 KiB, as fiido-server has), to measure what a smaller one saves.
    #[arg(long, requires = "baseline")]
    baseline_read_buffer: Option<usize>,
    /// Agent sockets per point.
    #[arg(long, value_delimiter = ',', default_value = "100,500,1000")]
    agents: Vec<usize>,
    /// Customer messages per second per point.
    #[arg(long, value_delimiter = ',', default_value = "200,1000,2000")]
    rates: Vec<u32>,
    /// Seconds of sending per point.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Seconds to wait after the sends for deliveries still on the way;
    /// what has not arrived then counts as missing.
    #[arg(long, default_value_t = 10)]
    drain: u64,
    /// The store key the visitors write to.
    #[arg(long, default_value = "fiido-eu")]
    store: String,
    /// Agent accounts that see the store; each signs in once and its token is
    /// shared by many sockets.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "agent@demo.fiido,lead@demo.fiido,admin@demo.fiido"
    )]
    accounts: Vec<String>,
    /// The accounts' password.
    #[arg(long, default_value = "demo")]
    password: String,
    /// Widget visitors sending round-robin.
    #[arg(long, default_value_t = 500)]
    visitors: usize,
    /// Also write the table to this file.
    #[arg(long)]
    out: Option<PathBuf>,
}

const HEADER: &str = "| server | agents | msg/s | sent/s | connect ms | p50 ms | p95 ms | p99 ms | max ms | HTTP errors | socket errors | missing | server RSS MiB | server CPU % | bench CPU % | p99 / baseline |\n\
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(
        args.rates.iter().all(|&r| r > 0) && args.seconds > 0 && args.visitors > 0,
        "--rates, --seconds and --visitors must be positive"
    );
    let files = procstat::raise_nofile_limit()?;
    eprintln!("open files limit: {files}; {}", procstat::loadavg());
    let fiido = Target::fiido(FiidoSetup {
        urls: &args.url,
        pids: &args.server_pids,
        store: &args.store,
        accounts: &args.accounts,
        password: &args.password,
        visitors: args.visitors,
    })
    .await?;
    let baseline = args
        .baseline
        .then(|| Target::baseline(args.visitors, args.baseline_read_buffer))
        .transpose()?;
    eprintln!("fiido at {}", fiido.urls.join(", "));

    let mut table = vec![HEADER.to_owned()];
    println!("{HEADER}");
    let mut next_id = 0;
    for &agents in &args.agents {
        for &rate in &args.rates {
            let mut baseline_p99 = None;
            for target in baseline.iter().chain([&fiido]) {
                let point = Point {
                    agents,
                    rate,
                    seconds: args.seconds,
                    drain: Duration::from_secs(args.drain),
                    first_id: next_id,
                };
                next_id += point.messages();
                let outcome = point::run(target, &point).await?;
                let p99 = outcome.latency.value_at_quantile(0.99);
                let ratio = baseline_p99.map(|b: u64| p99 as f64 / b.max(1) as f64);
                let line = row(target.name(), &point, &outcome, ratio);
                println!("{line}");
                eprintln!(
                    "{} {agents}×{rate} done; {}",
                    target.name(),
                    procstat::loadavg()
                );
                table.push(line);
                if let Some(out) = &args.out {
                    std::fs::write(out, table.join("\n") + "\n")?;
                }
                baseline_p99 = Some(p99);
                tokio::time::sleep(SETTLE).await;
            }
        }
    }
    std::io::stdout().flush()?;
    eprintln!("{}", procstat::loadavg());
    Ok(())
}

/// One table row.
fn row(server: &str, point: &Point, o: &Outcome, ratio: Option<f64>) -> String {
    let ms = |us: u64| {
        if o.latency.is_empty() {
            "–".to_owned()
        } else {
            format!("{:.1}", us as f64 / 1000.0)
        }
    };
    let opt =
        |v: Option<f64>, digits: usize| v.map_or("–".to_owned(), |v| format!("{v:.digits$}"));
    format!(
        "| {server} | {} | {} | {:.0} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} | {} |",
        point.agents,
        point.rate,
        o.send_rate,
        o.connect.as_millis(),
        ms(o.latency.value_at_quantile(0.50)),
        ms(o.latency.value_at_quantile(0.95)),
        ms(o.latency.value_at_quantile(0.99)),
        ms(o.latency.max()),
        o.http_errors,
        o.socket_errors,
        o.missing,
        opt(o.server_rss_mib, 0),
        opt(o.server_cpu, 0),
        o.bench_cpu,
        opt(ratio, 1),
    )
}
