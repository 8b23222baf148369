//! `fiido-cache-gen OUT.sqlite3 [CONVERSATIONS] [MESSAGES]`: fills a cache
//! file for benchmarks (defaults: 50,000 conversations, 1,000,000 messages).

use std::path::PathBuf;
use std::time::Instant;

use fiido_desk_core::store::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: fiido-cache-gen OUT.sqlite3 [CONVERSATIONS] [MESSAGES]");
        std::process::exit(2);
    };
    let conversations = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let messages = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let started = Instant::now();
    let result = Store::open(&out)
        .and_then(|store| fiido_desk_core::cache_gen::generate(&store, conversations, messages, 1));
    match result {
        Ok(()) => println!(
            "wrote {conversations} conversations and {messages} messages to {} in {:.1} s",
            out.display(),
            started.elapsed().as_secs_f64()
        ),
        Err(e) => {
            eprintln!("fiido-cache-gen: {}", e.message);
            std::process::exit(1);
        }
    }
}
