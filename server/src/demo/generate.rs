//! Turns the demo content into a believable store, deterministically from a
//! seed: the same seed gives the same customers, orders and conversations
//! (times are relative to the moment of generation).

use fiido_protocol::cards::{Coupon, Discount};
use fiido_protocol::model::{
    Agent, AgentSettings, Article, Author, Conversation, ConversationChannel, ConversationStatus,
    Customer, DeliveryState, HotkeyScope, Message, MessagePreview, Money, Order, OrderItem,
    OrderStatus, OrderStep, Product, QuickReply, ReplyScope, ReplyVariant, Role, SlotAssignment,
    StockLevel, Store,
};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::content::{Content, CountrySeed, ThreadSeed};

/// The demo's fixed seed.
pub const DEMO_SEED: u64 = 20261126;
/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo";
/// How many customers and conversations the demo creates.
pub const CUSTOMERS: usize = 240;
/// See [`CUSTOMERS`].
pub const CONVERSATIONS: usize = 330;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// A generated store, ready to insert.
pub struct DemoData {
    pub stores: Vec<(Store, Vec<String>)>,
    pub agents: Vec<Agent>,
    pub customers: Vec<Customer>,
    pub products: Vec<Product>,
    pub orders: Vec<Order>,
    pub conversations: Vec<Conversation>,
    pub messages: Vec<Message>,
    pub quick_replies: Vec<QuickReply>,
    pub articles: Vec<Article>,
    /// Every demo agent starts with the seed's Ctrl+1..9 slots.
    pub settings: Vec<(String, AgentSettings)>,
}

struct Gen {
    rng: ChaCha8Rng,
    now: i64,
}

impl Gen {
    fn id(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.random())
            .into_uuid()
            .to_string()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        items.choose(&mut self.rng).unwrap_or_else(|| &items[0])
    }
}

fn store(id: &str, key: &str, name: &str, domain: &str, currency: &str, tz: &str) -> Store {
    Store {
        id: id.into(),
        key: key.into(),
        name: name.into(),
        domain: domain.into(),
        currency: currency.into(),
        timezone: tz.into(),
        overdue_after_secs: 30,
        coupons: Vec::new(),
    }
}

/// The coupons every demo store offers (COM-5): a standing welcome discount,
/// a seasonal one that runs out in a month, and one that has run out.
fn coupons(currency: &str, now: i64) -> Vec<Coupon> {
    let money = |units: i64| Money {
        amount_minor: units * 100,
        currency: currency.to_owned(),
    };
    vec![
        Coupon {
            code: "WELCOME10".into(),
            title: "10 % off your first order".into(),
            discount: Discount::Percent { percent: 10 },
            min_spend: None,
            expires_at: None,
        },
        Coupon {
            code: "RIDE50".into(),
            title: "50 off any e-bike".into(),
            discount: Discount::Amount { amount: money(50) },
            min_spend: Some(money(800)),
            expires_at: Some(now + 30 * DAY),
        },
        Coupon {
            code: "SUMMER15".into(),
            title: "15 % off accessories (summer sale)".into(),
            discount: Discount::Percent { percent: 15 },
            min_spend: None,
            expires_at: Some(now - 60 * DAY),
        },
    ]
}

/// A delivered order's rating, drawn from its own generator: most
/// customers who rate are happy, a few are not, many never rate.
fn review(rng: &mut ChaCha8Rng, status: OrderStatus) -> Option<i64> {
    let rated = status == OrderStatus::Delivered && rng.random_bool(0.6);
    rated.then(|| *[5, 5, 5, 4, 4, 3, 2, 1].choose(rng).unwrap_or(&5))
}

fn agent(id: &str, email: &str, name: &str, role: Role, stores: &[&str]) -> Agent {
    Agent {
        id: id.into(),
        email: email.into(),
        name: name.into(),
        role,
        store_ids: stores.iter().map(|s| s.to_string()).collect(),
    }
}

/// ASCII form of a name for an e-mail address (Müller → muller).
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ä' | 'á' | 'à' | 'â' => Some('a'),
            'ö' | 'ó' | 'ò' | 'ô' => Some('o'),
            'ü' | 'ú' | 'ù' | 'û' => Some('u'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ñ' => Some('n'),
            'ç' => Some('c'),
            'ß' => Some('s'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Builds the whole demo store from the content and a seed.
pub fn generate(content: &Content, seed: u64, now: i64) -> DemoData {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        now,
    };
    let mut stores = vec![
        (
            store(
                "store-eu",
                "fiido-eu",
                "Fiido Europe",
                "fiido.de",
                "EUR",
                "Europe/Berlin",
            ),
            vec![
                "https://fiido.de".to_owned(),
                "https://www.fiido.de".to_owned(),
            ],
        ),
        (
            store(
                "store-us",
                "fiido-us",
                "Fiido US",
                "fiido.com",
                "USD",
                "America/Los_Angeles",
            ),
            vec![
                "https://fiido.com".to_owned(),
                "https://www.fiido.com".to_owned(),
            ],
        ),
    ];
    for (store, _) in &mut stores {
        store.coupons = coupons(&store.currency, now);
    }
    let agents = vec![
        agent(
            "agent-lena",
            "agent@demo.fiido",
            "Lena Vogel",
            Role::Agent,
            &["store-eu"],
        ),
        agent(
            "agent-marco",
            "agent2@demo.fiido",
            "Marco Rossi",
            Role::Agent,
            &["store-us"],
        ),
        agent(
            "agent-wei",
            "lead@demo.fiido",
            "Wei Zhang",
            Role::Lead,
            &["store-eu", "store-us"],
        ),
        agent(
            "agent-sam",
            "admin@demo.fiido",
            "Sam Okafor",
            Role::Admin,
            &["store-eu", "store-us"],
        ),
    ];

    let products: Vec<Product> = content
        .products
        .iter()
        .map(|p| Product {
            sku: p.sku.clone(),
            name: p.name.clone(),
            model: p.model.clone(),
            category: p.category.clone(),
            prices: p
                .prices
                .iter()
                .map(|(currency, amount)| Money {
                    amount_minor: *amount,
                    currency: currency.clone(),
                })
                .collect(),
            stock: p
                .stock
                .iter()
                .map(|(warehouse, quantity)| StockLevel {
                    warehouse: warehouse.clone(),
                    quantity: *quantity,
                })
                .collect(),
            restock_eta_days: p.restock_eta_days,
        })
        .collect();
    let bikes: Vec<&Product> = products
        .iter()
        .filter(|p| p.category != "accessory" && p.category != "spare_part")
        .collect();
    let parts: Vec<&Product> = products
        .iter()
        .filter(|p| p.category == "accessory" || p.category == "spare_part")
        .collect();

    let mut customers = Vec::with_capacity(CUSTOMERS);
    let mut customer_country: Vec<&CountrySeed> = Vec::with_capacity(CUSTOMERS);
    for _ in 0..CUSTOMERS {
        let country = g.pick(&content.countries);
        let first = g.pick(&country.first_names).clone();
        let last = g.pick(&country.last_names).clone();
        let city = g.pick(&country.cities);
        let vip_level = if g.rng.random_bool(0.15) {
            g.rng.random_range(1..=3)
        } else {
            0
        };
        // About one in eight customers writes in Chinese (overseas Chinese buyers).
        let language = if g.rng.random_bool(0.12) {
            "zh".to_owned()
        } else {
            country.language.clone()
        };
        let mut tags = Vec::new();
        if vip_level > 0 {
            tags.push("VIP".to_owned());
        }
        if g.rng.random_bool(0.05) {
            tags.push("risk".to_owned());
        } else if g.rng.random_bool(0.1) {
            tags.push("prospect".to_owned());
        }
        let email_domain = *g.pick(&[
            "gmail.com",
            "outlook.com",
            "web.de",
            "yahoo.com",
            "icloud.com",
            "gmx.net",
        ]);
        let n: u16 = g.rng.random_range(1..99);
        customers.push(Customer {
            id: g.id(),
            store_id: if country.store == "fiido-us" {
                "store-us".into()
            } else {
                "store-eu".into()
            },
            nickname: format!("{first} {last}"),
            email: Some(format!(
                "{}.{}{n}@{email_domain}",
                ascii_fold(&first),
                ascii_fold(&last)
            )),
            avatar_url: None,
            vip_level,
            tags,
            source: *g.pick(&content.sources),
            country: Some(country.code.clone()),
            city: Some(city.name.clone()),
            timezone: Some(city.timezone.clone()),
            device: Some(g.pick(&content.devices).clone()),
            language: Some(language),
            visits_this_month: g.rng.random_range(1..=14),
            created_at: now - g.rng.random_range(3..400) * DAY,
            blocked: false,
            behaviour: None,
        });
        customer_country.push(country);
    }

    let carriers = ["DHL", "UPS", "FedEx", "DPD"];
    let statuses = [
        OrderStatus::Placed,
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];
    let mut orders: Vec<Order> = Vec::new();
    let mut order_no = 100_200;
    for (i, customer) in customers.iter().enumerate() {
        let count = *g.pick(&[0usize, 1, 1, 1, 2, 2, 3]);
        for _ in 0..count {
            let currency = customer_country[i].currency.clone();
            let bike = *g.pick(&bikes);
            let mut items = vec![item(bike, &currency)];
            if g.rng.random_bool(0.4) {
                let part = *g.pick(&parts);
                items.push(item(part, &currency));
            }
            let total = items
                .iter()
                .map(|it| it.unit_price.amount_minor * it.quantity)
                .sum();
            let status = *g.pick(&statuses);
            let shipped = matches!(
                status,
                OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::Refunded
            );
            let carrier = shipped.then(|| g.pick(&carriers).to_string());
            let tracking_no = carrier.as_deref().map(|c| tracking_number(&mut g, c));
            let created_at = now - g.rng.random_range(1..120) * DAY - g.rng.random_range(0..DAY);
            order_no += g.rng.random_range(1..40);
            let updated_at = created_at + g.rng.random_range(0..10) * DAY;
            // Its own generator, so adding order details leaves the rest of
            // the demo (drawn from `g`) as it was.
            let mut own = ChaCha8Rng::seed_from_u64(order_no);
            let steps = timeline(&mut own, status, created_at, now);
            let updated_at = steps.last().map_or(updated_at, |s| s.at.max(updated_at));
            orders.push(Order {
                id: g.id(),
                number: format!("FD-{order_no}"),
                store_id: customer.store_id.clone(),
                customer_id: customer.id.clone(),
                status,
                items,
                total: Money {
                    amount_minor: total,
                    currency,
                },
                carrier,
                tracking_no,
                created_at,
                updated_at,
                shipping_address: address(
                    &mut own,
                    &customer.nickname,
                    customer.city.as_deref().unwrap_or_default(),
                    &customer_country[i].code,
                ),
                note: String::new(),
                timeline: steps,
                urged_at: None,
                refund: None,
                review: review(&mut own, status),
            });
        }
    }

    let mut conversations = Vec::with_capacity(CONVERSATIONS);
    let mut messages = Vec::new();
    for n in 0..CONVERSATIONS {
        // Every customer gets one conversation, some a second one.
        let ci = if n < customers.len() {
            n
        } else {
            g.rng.random_range(0..customers.len())
        };
        let customer = &customers[ci];
        let language = customer.language.clone().unwrap_or_else(|| "en".into());
        let thread_language = match language.as_str() {
            "de" | "zh" => language.as_str(),
            _ => "en",
        };
        let threads: Vec<&ThreadSeed> = content
            .threads
            .iter()
            .filter(|t| t.language == thread_language)
            .collect();
        let thread = *g.pick(&threads);
        let customer_orders: Vec<&Order> = orders
            .iter()
            .filter(|o| o.customer_id == customer.id)
            .collect();
        let order = customer_orders.first().copied();
        let serving: Vec<&Agent> = agents
            .iter()
            .filter(|a| a.role != Role::Admin && a.store_ids.contains(&customer.store_id))
            .collect();
        let agent = *g.pick(&serving);
        let conversation = instantiate(
            &mut g,
            thread,
            customer,
            order,
            &bikes,
            agent,
            &stores,
            &mut messages,
        );
        conversations.push(conversation);
    }

    let mut quick_replies = Vec::new();
    let mut slots = Vec::new();
    for (position, seed) in (1..).zip(&content.quick_replies) {
        let reply = QuickReply {
            id: g.id(),
            store_id: None,
            scope: ReplyScope::Team,
            owner_id: None,
            category: seed.category.clone(),
            title: seed.title.clone(),
            variants: seed
                .variants
                .iter()
                .map(|(language, body)| ReplyVariant {
                    language: language.clone(),
                    body: body.clone(),
                })
                .collect(),
            position,
            uses: demo_uses(position),
            updated_at: now - 30 * DAY,
        };
        if let Some(slot) = seed.slot {
            slots.push(SlotAssignment {
                slot,
                quick_reply_id: reply.id.clone(),
            });
        }
        quick_replies.push(reply);
    }
    slots.sort_by_key(|s| s.slot);
    let settings = agents
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                AgentSettings {
                    slots: slots.clone(),
                    hotkey_scope: HotkeyScope::InDesk,
                    ..Default::default()
                },
            )
        })
        .collect();
    let articles = content
        .articles
        .iter()
        .zip(1..)
        .map(|(a, n)| Article {
            id: g.id(),
            store_id: None,
            category_path: a.category_path.clone(),
            title: a.title.clone(),
            body: a.body.clone(),
            language: a.language.clone(),
            visibility: a.visibility,
            uses: demo_uses(n + 7),
            updated_at: now - g.rng.random_range(1..90) * DAY,
        })
        .collect();

    DemoData {
        stores,
        agents,
        customers,
        products,
        orders,
        conversations,
        messages,
        quick_replies,
        articles,
        settings,
    }
}

/// A plausible shipping address in the customer's country.
fn address(rng: &mut ChaCha8Rng, name: &str, city: &str, country: &str) -> String {
    const STREETS: [&str; 8] = [
        "Hauptstraße",
        "Rue de la Paix",
        "High Street",
        "Main Street",
        "Calle Mayor",
        "Bahnhofstraße",
        "Avenue Victor Hugo",
        "Oak Avenue",
    ];
    let street = STREETS.choose(rng).copied().unwrap_or("Main Street");
    let number = rng.random_range(1..200);
    let postcode = rng.random_range(10_000..99_999);
    format!("{name}\n{street} {number}\n{postcode} {city}\n{country}")
}

/// The steps an order of `status` went through since `created_at`, at
/// believable intervals (paid within hours, shipped within days, delivered
/// within a week or two across borders), squeezed to end by `now`.
fn timeline(
    rng: &mut ChaCha8Rng,
    status: OrderStatus,
    created_at: i64,
    now: i64,
) -> Vec<OrderStep> {
    use OrderStatus::*;
    let path: &[OrderStatus] = match status {
        Placed => &[Placed],
        Paid => &[Placed, Paid],
        Shipped => &[Placed, Paid, Shipped],
        Delivered => &[Placed, Paid, Shipped, Delivered],
        Cancelled => &[Placed, Cancelled],
        Refunded => &[Placed, Paid, Shipped, Delivered, Refunded],
    };
    let gaps: Vec<i64> = path
        .iter()
        .map(|step| match step {
            Placed => 0,
            Paid => rng.random_range(5 * MINUTE..3 * HOUR),
            Shipped => rng.random_range(HOUR..3 * DAY),
            Delivered => rng.random_range(2 * DAY..12 * DAY),
            Cancelled => rng.random_range(10 * MINUTE..DAY),
            Refunded => rng.random_range(DAY..10 * DAY),
        })
        .collect();
    let total: i64 = gaps.iter().sum();
    let room = (now - created_at).max(0);
    let mut at = created_at;
    path.iter()
        .zip(gaps)
        .map(|(&status, gap)| {
            at += if total > room {
                gap * room / total
            } else {
                gap
            };
            OrderStep {
                status,
                at,
                by: None,
            }
        })
        .collect()
}

fn item(product: &Product, currency: &str) -> OrderItem {
    let amount = product
        .prices
        .iter()
        .find(|m| m.currency == currency)
        .or(product.prices.first())
        .map(|m| m.amount_minor)
        .unwrap_or(0);
    OrderItem {
        sku: product.sku.clone(),
        name: product.name.clone(),
        quantity: 1,
        unit_price: Money {
            amount_minor: amount,
            currency: currency.to_owned(),
        },
    }
}

fn tracking_number(g: &mut Gen, carrier: &str) -> String {
    let digits = |g: &mut Gen, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + g.rng.random_range(0..10u8)))
            .collect::<String>()
    };
    match carrier {
        "DHL" => format!("JJD{}", digits(g, 16)),
        "UPS" => format!("1Z{}", digits(g, 16)),
        "FedEx" => digits(g, 12),
        _ => format!("0{}", digits(g, 13)),
    }
}

/// Makes one conversation from a thread template for a customer.
#[allow(clippy::too_many_arguments)]
fn instantiate(
    g: &mut Gen,
    thread: &ThreadSeed,
    customer: &Customer,
    order: Option<&Order>,
    bikes: &[&Product],
    agent: &Agent,
    stores: &[(Store, Vec<String>)],
    messages: &mut Vec<Message>,
) -> Conversation {
    let id = g.id();
    let first_name = customer
        .nickname
        .split(' ')
        .next()
        .unwrap_or(&customer.nickname)
        .to_owned();
    let model = order
        .and_then(|o| o.items.first())
        .and_then(|it| bikes.iter().find(|b| b.sku == it.sku))
        .map(|b| b.model.clone())
        .unwrap_or_else(|| g.pick(bikes).model.clone());
    let order_number = order
        .map(|o| o.number.clone())
        .unwrap_or_else(|| format!("FD-{}", g.rng.random_range(100_000..199_999)));
    let tracking = order
        .and_then(|o| o.tracking_no.clone())
        .unwrap_or_else(|| "JJD0146000093881201".to_owned());
    let store_name = stores
        .iter()
        .find(|(s, _)| s.id == customer.store_id)
        .map(|(s, _)| s.name.clone())
        .unwrap_or_default();
    let agent_first = agent
        .name
        .split(' ')
        .next()
        .unwrap_or(&agent.name)
        .to_owned();
    let fill = |body: &str| {
        body.replace("{customer_name}", &first_name)
            .replace("{order_id}", &order_number)
            .replace("{model}", &model)
            .replace("{tracking_no}", &tracking)
            .replace("{agent_name}", &agent_first)
            .replace("{store_name}", &store_name)
    };

    let ends_with_customer = thread
        .messages
        .last()
        .map(|m| m.author == "customer")
        .unwrap_or(false);
    // Gaps between the messages; the thread ends in the past: waiting chats
    // recently (the customer waits 1 minute to 3 hours), answered ones over
    // the last two weeks.
    let gaps: Vec<i64> = thread
        .messages
        .iter()
        .map(|_| g.rng.random_range(MINUTE / 2..6 * MINUTE))
        .collect();
    let span: i64 = gaps.iter().skip(1).sum();
    let ends_at = if ends_with_customer {
        g.now - g.rng.random_range(MINUTE..3 * HOUR)
    } else {
        g.now - g.rng.random_range(4 * HOUR..14 * DAY)
    };
    let mut at = ends_at - span;
    let created_at = at;
    let mut last: Option<Message> = None;
    let mut waiting_since = None;
    let mut unread = 0;
    for (i, seed) in thread.messages.iter().enumerate() {
        if i > 0 {
            at += gaps[i];
        }
        let (author, author_id, author_name) = match seed.author.as_str() {
            "customer" => (
                Author::Customer,
                Some(customer.id.clone()),
                customer.nickname.clone(),
            ),
            "bot" => (Author::Bot, None, "Fiido Bot".to_owned()),
            _ => (Author::Agent, Some(agent.id.clone()), agent.name.clone()),
        };
        if author == Author::Customer {
            waiting_since = waiting_since.or(Some(at));
            unread += 1;
        } else if author == Author::Agent {
            waiting_since = None;
            unread = 0;
        }
        let message = Message {
            id: g.id(),
            conversation_id: id.clone(),
            author,
            author_id,
            author_name,
            body: fill(&seed.body),
            client_id: None,
            state: if author == Author::Agent {
                DeliveryState::Read
            } else {
                DeliveryState::Sent
            },
            created_at: at,
            attachment: None,
            card: None,
            body_is_card_text: false,
        };
        messages.push(message.clone());
        last = Some(message);
    }
    let status = if ends_with_customer {
        ConversationStatus::Waiting
    } else if g.rng.random_bool(0.5) {
        ConversationStatus::Closed
    } else {
        ConversationStatus::Active
    };
    let mut tags = thread.tags.clone();
    if customer.vip_level > 0 && !tags.iter().any(|t| t == "VIP") {
        tags.push("VIP".to_owned());
    }
    let updated_at = last.as_ref().map(|m| m.created_at).unwrap_or(created_at);
    Conversation {
        id,
        store_id: customer.store_id.clone(),
        customer_id: customer.id.clone(),
        status,
        // Every demo conversation has an agent, so the store's routing queue
        // starts empty; the draw that once left some unassigned is kept so
        // every later demo row stays the same.
        assignee_id: {
            if status == ConversationStatus::Waiting {
                let _ = g.rng.random_bool(0.3);
            }
            Some(agent.id.clone())
        },
        channel: if g.rng.random_bool(0.85) {
            ConversationChannel::Web
        } else {
            ConversationChannel::Email
        },
        tags,
        pinned: g.rng.random_bool(0.03),
        starred: g.rng.random_bool(0.08),
        last_message: last.map(|m| MessagePreview {
            author: m.author,
            body: m.body.chars().take(140).collect(),
            at: m.created_at,
        }),
        waiting_since: if status == ConversationStatus::Waiting {
            waiting_since
        } else {
            None
        },
        unread_count: if status == ConversationStatus::Waiting {
            unread
        } else {
            0
        },
        order_number: (thread.needs_order || order.is_some()).then_some(order_number),
        created_at,
        updated_at,
        snoozed_until: None,
    }
}

/// A lived-in usage count for the n-th demo reply or article, spread from
/// rarely to often used without drawing from the generator (which would
/// change every later demo row).
fn demo_uses(n: i64) -> i64 {
    (n * n * 37 + n * 11) % 241
}
