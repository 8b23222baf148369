//! The cache's hot paths on a large generated cache (issue 5, acceptance 5):
//! open a conversation, one page of a filtered list, applying 1,000 events.
//! Prints p50 / p95. Run: `cargo bench -p fiido-desk-core --bench cache`.
//! Env: FIIDO_BENCH_CACHE (file, kept between runs), FIIDO_BENCH_CONVERSATIONS,
//! FIIDO_BENCH_MESSAGES.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fiido_desk_core::store::Store;
use fiido_desk_core::views::{ConversationFilter, FilterKey};
use fiido_protocol::events::{Event, EventData};
use fiido_protocol::model::{Author, DeliveryState, Message};
use rand::{Rng, SeedableRng};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at = |q: f64| {
        samples[((samples.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.95), at(1.0))
}

fn report(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (p50, p95, max) = percentiles(samples);
    println!("| {name} | {n} | {p50:.3} | {p95:.3} | {max:.3} |");
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let conversations = env_usize("FIIDO_BENCH_CONVERSATIONS", 50_000);
    let messages = env_usize("FIIDO_BENCH_MESSAGES", 1_000_000);
    let path = std::env::var_os("FIIDO_BENCH_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!(
                "fiido-bench-v{}-{conversations}-{messages}.sqlite3",
                fiido_desk_core::store::SCHEMA_VERSION
            ))
        });
    if !path.exists() {
        let started = Instant::now();
        let store = Store::open(&path).expect("open bench cache");
        fiido_desk_core::cache_gen::generate(&store, conversations, messages, 1).expect("generate");
        println!(
            "generated {} in {:.1} s",
            path.display(),
            started.elapsed().as_secs_f64()
        );
    }
    let store = Store::open(&path).expect("open bench cache");
    let ids = store.conversation_ids().expect("ids");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    println!(
        "cache: {} ({conversations} conversations, {messages} messages)\n",
        path.display()
    );
    println!("| operation | samples | p50 ms | p95 ms | max ms |");
    println!("|---|---|---|---|---|");

    let mut open = Vec::new();
    for _ in 0..2000 {
        let id = &ids[rng.random_range(0..ids.len())];
        let started = Instant::now();
        let detail = store
            .conversation_detail(id)
            .expect("open")
            .expect("exists");
        open.push(started.elapsed());
        assert!(!detail.messages.is_empty());
    }
    report(
        "open a conversation (50 latest messages + customer + orders + draft)",
        open,
    );

    for key in [FilterKey::Waiting, FilterKey::All] {
        let filter = ConversationFilter {
            key,
            tag: None,
            store_id: None,
            channel: None,
        };
        let total = store.list_conversations(&filter, 0, 1).expect("list").total;
        let mut page = Vec::new();
        for _ in 0..500 {
            let offset = rng.random_range(0..total.max(1));
            let started = Instant::now();
            let result = store.list_conversations(&filter, offset, 50).expect("list");
            page.push(started.elapsed());
            assert!(result.total == total);
        }
        report(
            &format!("one page (50) of the {key:?} list, random offset, with its count"),
            page,
        );
    }

    let mut apply = Vec::new();
    let mut seq = store.last_seq().expect("seq");
    for round in 0..20 {
        let events: Vec<Event> = (0..1000)
            .map(|i| {
                seq += 1;
                let conversation = &ids[rng.random_range(0..ids.len())];
                Event {
                    seq,
                    at: seq,
                    store_id: Some("store-eu".into()),
                    conversation_id: Some(conversation.clone()),
                    client_id: None,
                    data: EventData::MessageUpserted {
                        message: Message {
                            id: format!("bench-{round}-{i}"),
                            conversation_id: conversation.clone(),
                            author: Author::Customer,
                            author_id: None,
                            author_name: "Kunde".into(),
                            body:
                                "Wo bleibt meine Lieferung? Die Sendungsverfolgung zeigt nichts an."
                                    .into(),
                            client_id: None,
                            state: DeliveryState::Sent,
                            created_at: seq,
                            attachment: None,
                            card: None,
                            body_is_card_text: false,
                        },
                    },
                }
            })
            .collect();
        let started = Instant::now();
        for event in &events {
            // One transaction per event, as the engine applies live frames.
            store
                .apply_events(std::slice::from_ref(event), event.seq)
                .expect("apply");
        }
        apply.push(started.elapsed());
    }
    report("apply 1,000 live events (one transaction each)", apply);

    let queries = [
        ("1 word", "tracking"),
        ("1 word, prefix as typed", "batt"),
        ("2 words", "battery cold"),
        ("3 words", "order arrived tracking"),
        ("CJK, 2 characters", "电池"),
        ("CJK, 4 characters", "充电器的"),
        ("misspelt name", "Dupnot"),
        ("name with diacritics folded", "Muller 42"),
        ("order number", "FD-100042"),
    ];
    for (label, query) in queries {
        let mut samples = Vec::new();
        let mut found = 0;
        for _ in 0..200 {
            let started = Instant::now();
            let results = store.search(query, 6).expect("search");
            samples.push(started.elapsed());
            found = results.customers.len()
                + results.orders.len()
                + results.products.len()
                + results.messages.len()
                + results.articles.len();
        }
        assert!(found > 0, "{label}: {query} found nothing");
        report(&format!("Ctrl+K search, {label}: `{query}`"), samples);
    }
}
