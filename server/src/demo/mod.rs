//! The demo store (`--demo`): two Fiido stores, a catalogue, customers,
//! orders, conversations, quick replies and articles, plus four accounts.

pub mod content;
pub mod generate;

use std::net::SocketAddr;

use crate::auth::password;
use crate::clock::now_ms;
use crate::db::{self, Db};

/// Fills the demo store when the database holds no store yet.
pub async fn fill_if_empty(db: &Db) -> anyhow::Result<()> {
    if !db::stores::is_empty(db.pool()).await? {
        return Ok(());
    }
    let content = content::Content::load()?;
    let data = generate::generate(&content, generate::DEMO_SEED, now_ms());
    let hash = tokio::task::spawn_blocking(|| password::hash(generate::DEMO_PASSWORD)).await??;

    let mut w = db.begin_write().await?;
    let now = w.now;
    for (store, origins) in &data.stores {
        db::stores::insert(w.conn(), store, origins).await?;
    }
    for agent in &data.agents {
        db::agents::insert(w.conn(), agent, &hash, now).await?;
    }
    for customer in &data.customers {
        db::customers::insert(w.conn(), customer).await?;
    }
    for product in &data.products {
        db::catalogue::insert_product(w.conn(), product).await?;
    }
    for order in &data.orders {
        db::catalogue::insert_order(w.conn(), order).await?;
    }
    for conversation in &data.conversations {
        db::conversations::upsert(w.conn(), conversation).await?;
    }
    for message in &data.messages {
        db::messages::insert(w.conn(), message).await?;
    }
    for reply in &data.quick_replies {
        db::catalogue::insert_quick_reply(w.conn(), reply).await?;
    }
    // The first revision of each article names the demo admin as its author.
    let author = data
        .agents
        .iter()
        .find(|a| a.role == fiido_protocol::model::Role::Admin)
        .map(|a| a.id.clone())
        .unwrap_or_default();
    for article in &data.articles {
        db::catalogue::save_article(w.conn(), article, &author, true).await?;
    }
    // The warranty article shows where the frame number is.
    db::media::put(
        w.conn(),
        "image/png",
        include_bytes!("../../../assets/demo/frame-number.png"),
        None,
        now,
    )
    .await?;
    for (agent_id, profile) in demo_routing() {
        db::routing::put_profile(w.conn(), agent_id, &profile).await?;
    }
    for (store, _) in &data.stores {
        db::auto_replies::put(w.conn(), &store.id, &demo_auto_replies(), now).await?;
    }
    for (agent_id, settings) in &data.settings {
        db::settings::put(w.conn(), agent_id, settings, now).await?;
    }
    w.commit().await?;
    tracing::info!(
        customers = data.customers.len(),
        conversations = data.conversations.len(),
        messages = data.messages.len(),
        orders = data.orders.len(),
        "demo store filled"
    );
    Ok(())
}

/// Prints where the shop is and how to sign in.
pub fn print_welcome(local: SocketAddr) {
    println!("demo shop:  http://{local}/demo/shop");
    println!("API docs:   http://{local}/api/v1/openapi.json");
    println!("demo logins (password \"{}\"):", generate::DEMO_PASSWORD);
    println!("  agent@demo.fiido   agent, Fiido Europe");
    println!("  agent2@demo.fiido  agent, Fiido US");
    println!("  lead@demo.fiido    team lead, both stores");
    println!("  admin@demo.fiido   admin");
}

/// The demo team's routing (AUTO-6): Lena answers Europe in four languages
/// and takes after-sales and technical questions, Marco the US pre-sales
/// and after-sales; capacities fit the demo's busy stores. Wei, the lead,
/// takes VIPs only when a lead gives himself capacity.
fn demo_routing() -> Vec<(&'static str, fiido_protocol::model::RoutingProfile)> {
    let profile = |languages: &[&str], skills: &[&str], senior: bool, capacity: i64| {
        fiido_protocol::model::RoutingProfile {
            languages: languages.iter().map(|s| s.to_string()).collect(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            senior,
            capacity,
        }
    };
    vec![
        (
            "agent-lena",
            profile(
                &["de", "en", "fr", "es"],
                &["after-sales", "technical"],
                false,
                150,
            ),
        ),
        (
            "agent-marco",
            profile(&["en", "es"], &["pre-sales", "after-sales"], false, 60),
        ),
        (
            "agent-wei",
            profile(&["zh", "en", "de"], &["technical"], true, 0),
        ),
    ]
}

/// The demo stores' automatic replies (AUTO-1): a wait notice with the
/// queue place and keyword answers about opening hours and payment, in
/// English, German and Chinese; an admin adds a welcome in the desk. The demo is open around the
/// clock (no week set), so the offline notice shows only once an admin
/// sets hours.
fn demo_auto_replies() -> fiido_protocol::model::AutoReplies {
    use fiido_protocol::model::{AutoReplies, FaqRule, ReplyVariant};
    let text = |pairs: &[(&str, &str)]| -> Vec<ReplyVariant> {
        pairs
            .iter()
            .map(|(language, body)| ReplyVariant {
                language: language.to_string(),
                body: body.to_string(),
            })
            .collect()
    };
    AutoReplies {
        hours: Default::default(),
        // Off in the demo, so a chat started there reads exactly as typed.
        welcome: Vec::new(),
        offline: text(&[
            ("en", "We are offline right now and will answer as soon as we are back."),
            ("de", "Wir sind gerade nicht erreichbar und antworten, sobald wir zurück sind."),
            ("zh", "我们现在不在线，上班后会第一时间回复您。"),
        ]),
        wait: text(&[
            ("en", "All our agents are busy. You are number {position} in the queue."),
            ("de", "Alle Kolleginnen und Kollegen sind im Gespräch. Sie sind Nummer {position} in der Warteschlange."),
            ("zh", "客服正忙，您当前排在第 {position} 位。"),
        ]),
        faq: vec![
            FaqRule {
                keywords: vec!["opening hours".into(), "öffnungszeiten".into(), "营业时间".into()],
                answer: text(&[
                    ("en", "Our chat team is here Monday to Friday, 9:00 to 18:00."),
                    ("de", "Unser Chat-Team ist Montag bis Freitag von 9 bis 18 Uhr für Sie da."),
                    ("zh", "在线客服时间：周一至周五 9:00–18:00。"),
                ]),
            },
            FaqRule {
                keywords: vec!["payment method".into(), "zahlungsart".into(), "付款方式".into()],
                answer: text(&[
                    ("en", "We accept cards, PayPal, Klarna and bank transfer."),
                    ("de", "Wir akzeptieren Karte, PayPal, Klarna und Überweisung."),
                    ("zh", "支持银行卡、PayPal、Klarna 和银行转账。"),
                ]),
            },
        ],
    }
}
