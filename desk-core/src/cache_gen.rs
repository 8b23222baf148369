//! Fills a cache with a large, realistic workload for benchmarks: N
//! conversations, M messages in five languages, customers and orders,
//! written through the same snapshot path the sync engine uses.

use fiido_protocol::api::SnapshotPage;
use fiido_protocol::model::{
    Author, Conversation, ConversationChannel, ConversationStatus, Customer, CustomerSource,
    DeliveryState, Message, MessagePreview, Money, Order, OrderItem, OrderStatus,
};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::error::DeskResult;
use crate::store::Store;

/// Rows written per transaction.
const BATCH: usize = 20_000;

const LINES: &[&str] = &[
    "Hi, my order hasn't arrived yet. Can you check the tracking for me?",
    "The battery only lasts 30 km in the cold. Is that normal for the D11?",
    "Hallo, mein Fahrrad zeigt den Fehler E21 an. Was kann ich tun?",
    "Können Sie die Lieferadresse noch ändern? Ich bin umgezogen.",
    "您好，我的订单什么时候发货？已经等了一个星期了。",
    "电池充不进电，充电器的灯一直是红色的。",
    "Bonjour, est-ce que le T1 est disponible en noir ? Merci.",
    "Hola, quiero devolver la bicicleta, ¿cómo funciona el reembolso?",
    "Thanks for the quick answer! I'll wait for the replacement part.",
    "Your parcel is with DHL now; tracking usually updates within 24 hours.",
    "We have issued the refund; it shows on your statement in 3-5 working days.",
    "Please send us a short video of the noise so our technicians can check it.",
];

fn text(rng: &mut impl Rng) -> String {
    let n = rng.random_range(1..=3);
    (0..n)
        .map(|_| *LINES.choose(rng).unwrap_or(&LINES[0]))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `conversations` conversations with `messages` messages in all.
pub fn generate(store: &Store, conversations: usize, messages: usize, seed: u64) -> DeskResult<()> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let now = 1_790_000_000_000i64;
    let customers = (conversations / 2).max(1);
    let mut page = SnapshotPage {
        next_cursor: Some(String::new()),
        ..SnapshotPage::default()
    };
    let flush = |page: &mut SnapshotPage| -> DeskResult<()> {
        store.apply_snapshot_page(page)?;
        *page = SnapshotPage {
            next_cursor: Some(String::new()),
            ..SnapshotPage::default()
        };
        Ok(())
    };
    for i in 0..customers {
        page.customers.push(Customer {
            id: format!("cu{i:07}"),
            store_id: "store-eu".into(),
            nickname: format!(
                "{} {i}",
                [
                    "Anna Müller",
                    "Jean Dupont",
                    "王伟",
                    "Lucía García",
                    "John Smith"
                ][i % 5]
            ),
            email: Some(format!("customer{i}@example.com")),
            avatar_url: None,
            vip_level: i64::from(i % 9 == 0),
            tags: vec![],
            source: CustomerSource::Search,
            country: Some("DE".into()),
            city: Some("Berlin".into()),
            timezone: Some("Europe/Berlin".into()),
            device: Some("Chrome on Windows".into()),
            language: Some("de".into()),
            visits_this_month: 3,
            created_at: now,
            blocked: false,
            behaviour: None,
        });
        page.orders.push(Order {
            id: format!("o{i:07}"),
            number: format!("FD-{}", 100_000 + i),
            store_id: "store-eu".into(),
            customer_id: format!("cu{i:07}"),
            status: OrderStatus::Shipped,
            items: vec![OrderItem {
                sku: "FD-D11-GRY".into(),
                name: "Fiido D11".into(),
                quantity: 1,
                unit_price: Money {
                    amount_minor: 139_900,
                    currency: "EUR".into(),
                },
            }],
            total: Money {
                amount_minor: 139_900,
                currency: "EUR".into(),
            },
            carrier: Some("DHL".into()),
            tracking_no: Some(format!("JJD{i:016}")),
            created_at: now - i as i64,
            updated_at: now,
            shipping_address: format!("Customer {i}\nHauptstraße 1\n10115 Berlin\nDE"),
            note: String::new(),
            timeline: Vec::new(),
            urged_at: None,
            refund: None,
            review: None,
        });
        if page.customers.len() >= BATCH {
            flush(&mut page)?;
        }
    }
    let statuses = [
        ConversationStatus::Waiting,
        ConversationStatus::Active,
        ConversationStatus::Closed,
    ];
    for c in 0..conversations {
        let last_at = now - rng.random_range(0..30 * 86_400_000i64);
        let status = statuses[rng.random_range(0..3)];
        page.conversations.push(Conversation {
            id: format!("c{c:07}"),
            store_id: "store-eu".into(),
            customer_id: format!("cu{:07}", c % customers),
            status,
            assignee_id: None,
            channel: ConversationChannel::Web,
            tags: if c % 4 == 0 {
                vec!["refund".into()]
            } else {
                vec![]
            },
            pinned: c % 500 == 0,
            starred: c % 20 == 0,
            last_message: Some(MessagePreview {
                author: Author::Customer,
                body: text(&mut rng),
                at: last_at,
            }),
            waiting_since: (status == ConversationStatus::Waiting).then_some(last_at),
            unread_count: i64::from(status == ConversationStatus::Waiting),
            order_number: Some(format!("FD-{}", 100_000 + c % customers)),
            created_at: last_at - 3_600_000,
            updated_at: last_at,
            snoozed_until: None,
        });
        if page.conversations.len() >= BATCH {
            flush(&mut page)?;
        }
    }
    for m in 0..messages {
        let conversation = m % conversations.max(1);
        let author = if rng.random_bool(0.5) {
            Author::Customer
        } else {
            Author::Agent
        };
        page.messages.push(Message {
            id: format!("m{m:08}"),
            conversation_id: format!("c{conversation:07}"),
            author,
            author_id: None,
            author_name: if author == Author::Agent {
                "Lena Vogel".into()
            } else {
                "Kunde".into()
            },
            body: text(&mut rng),
            client_id: None,
            state: DeliveryState::Read,
            created_at: now - (messages - m) as i64 * 1000,
            attachment: None,
            card: None,
            body_is_card_text: false,
        });
        if page.messages.len() >= BATCH {
            flush(&mut page)?;
        }
    }
    page.next_cursor = None;
    store.apply_snapshot_page(&page)?;
    Ok(())
}
