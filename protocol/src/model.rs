//! The entities the API serves and the desktop caches.
//!
//! Times are Unix milliseconds (`i64`), money is minor units plus an ISO 4217
//! code, identifiers are strings (UUIDv7 unless said otherwise).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a signed-in agent may do (PLAT-4).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Answers the conversations of the stores they serve.
    Agent,
    /// An agent who also supervises a team.
    Lead,
    /// Configures everything, in every store.
    Admin,
}

impl Role {
    /// The wire spelling, also used in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "agent" => Some(Role::Agent),
            "lead" => Some(Role::Lead),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A member of the service team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Agent {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The stores this agent serves (admins see every store regardless).
    pub store_ids: Vec<String>,
}

/// One web store (fiido.de, fiido.com ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Store {
    pub id: String,
    /// The public key the widget names the store by (`data-store`).
    pub key: String,
    pub name: String,
    pub domain: String,
    /// ISO 4217 code of the store's prices.
    pub currency: String,
    /// IANA time zone of the store's business hours.
    pub timezone: String,
    /// Seconds a customer may wait before the chat counts as overdue (AUTO-2).
    pub overdue_after_secs: i64,
    /// The discounts agents may send as coupon cards (COM-5).
    #[serde(default)]
    pub coupons: Vec<crate::cards::Coupon>,
}

/// Where a customer came from (CUST-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CustomerSource {
    Search,
    Ads,
    Direct,
    Social,
    Email,
}

/// A store's customer, as the context panel shows them (CUST-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Customer {
    pub id: String,
    pub store_id: String,
    pub nickname: String,
    pub email: Option<String>,
    pub avatar_url: Option<String>,
    /// 0 = not VIP, 1..=5 = VIP level.
    pub vip_level: i64,
    pub tags: Vec<String>,
    pub source: CustomerSource,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub city: Option<String>,
    /// IANA time zone, for the customer's local time.
    pub timezone: Option<String>,
    pub device: Option<String>,
    /// BCP 47 primary language, e.g. `de`.
    pub language: Option<String>,
    pub visits_this_month: i64,
    pub created_at: i64,
    /// An agent blocked them (CUST-4): the widget refuses their messages politely.
    #[serde(default)]
    pub blocked: bool,
    /// What they did on the shop, when they agreed to share it (CUST-3).
    #[serde(default)]
    pub behaviour: Option<Behaviour>,
}

/// A visitor's recent activity on the shop, reported by the widget only
/// with their consent (CUST-3): what they looked at, their cart and what
/// they searched for, so the agent needs not ask.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Behaviour {
    /// Products viewed, newest first, at most [`Behaviour::KEEP`].
    pub viewed: Vec<ViewedProduct>,
    /// The cart as last reported.
    pub cart: Vec<CartLine>,
    /// Searches on the shop, newest first, at most [`Behaviour::KEEP`].
    pub searches: Vec<String>,
    pub updated_at: i64,
}

impl Behaviour {
    /// How many viewed products and searches are kept.
    pub const KEEP: usize = 5;
}

/// A product the visitor looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ViewedProduct {
    pub sku: String,
    /// The catalogue's name, or the SKU when the catalogue lacks it.
    pub name: String,
    pub at: i64,
}

/// One line of the visitor's cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CartLine {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
}

/// Where a conversation stands (CONV-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// The customer spoke last and waits for an answer.
    Waiting,
    /// An agent answered; the conversation is open.
    Active,
    /// Put aside until `snoozed_until` (CONV-9); it comes back then, or as
    /// soon as the customer writes.
    Snoozed,
    Closed,
}

impl ConversationStatus {
    /// The wire spelling, also used in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Waiting => "waiting",
            ConversationStatus::Active => "active",
            ConversationStatus::Snoozed => "snoozed",
            ConversationStatus::Closed => "closed",
        }
    }
}

/// The channel a conversation came through (CONV-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ConversationChannel {
    Web,
    Email,
    Social,
}

impl ConversationChannel {
    /// The snake_case spelling used on the wire (and as a cache column).
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationChannel::Web => "web",
            ConversationChannel::Email => "email",
            ConversationChannel::Social => "social",
        }
    }
}

/// The short form of a conversation's newest message, for the list card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MessagePreview {
    pub author: Author,
    /// At most 140 characters of the body.
    pub body: String,
    pub at: i64,
}

/// A chat between one customer and the store (CONV-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Conversation {
    pub id: String,
    pub store_id: String,
    pub customer_id: String,
    pub status: ConversationStatus,
    pub assignee_id: Option<String>,
    pub channel: ConversationChannel,
    pub tags: Vec<String>,
    pub pinned: bool,
    pub starred: bool,
    pub last_message: Option<MessagePreview>,
    /// Since when the customer has waited for an answer; null when not waiting.
    pub waiting_since: Option<i64>,
    /// Customer messages not yet read by an agent.
    pub unread_count: i64,
    /// The order the conversation is about, if any.
    pub order_number: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// When a snoozed conversation comes back (Unix ms).
    #[serde(default)]
    pub snoozed_until: Option<i64>,
}

impl Conversation {
    /// Applies a checked organising change (CONV-4, CONV-5, CONV-9), the
    /// same way on the server and in the desk's optimistic copy: closing
    /// clears the wait, `active` reopens a closed or snoozed one, a snooze
    /// time snoozes it.
    pub fn apply_patch(&mut self, patch: &crate::api::ConversationPatch) {
        self.pinned = patch.pinned.unwrap_or(self.pinned);
        self.starred = patch.starred.unwrap_or(self.starred);
        if let Some(tags) = &patch.tags {
            self.tags = tags.clone();
        }
        match patch.status {
            Some(ConversationStatus::Closed) => {
                self.status = ConversationStatus::Closed;
                self.waiting_since = None;
                self.unread_count = 0;
                self.snoozed_until = None;
            }
            Some(_)
                if matches!(
                    self.status,
                    ConversationStatus::Closed | ConversationStatus::Snoozed
                ) =>
            {
                self.status = ConversationStatus::Active;
                self.snoozed_until = None;
            }
            _ => {}
        }
        if let Some(until) = patch.snoozed_until {
            self.status = ConversationStatus::Snoozed;
            self.snoozed_until = Some(until);
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Customer,
    Agent,
    /// An automatic reply (AUTO-1), never an agent.
    Bot,
    /// A note from the system (assigned, closed ...).
    System,
    /// An agent's internal note (CONV-6): never shown to the customer.
    Note,
}

impl Author {
    /// The wire spelling, also used in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Customer => "customer",
            Author::Agent => "agent",
            Author::Bot => "bot",
            Author::System => "system",
            Author::Note => "note",
        }
    }
}

/// How far a message got (MSG-2); `sending` and `failed` exist only on the desktop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Sent,
    Delivered,
    Read,
    /// The agent took it back within two minutes (MSG-6): its text is gone
    /// and the widget removes it.
    Recalled,
}

/// One message in a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Message {
    pub id: String,
    pub conversation_id: String,
    pub author: Author,
    pub author_id: Option<String>,
    /// The name the other side sees (the agent's name, the customer's nickname, the bot's name).
    pub author_name: String,
    /// Light Markdown; untrusted, render as text or sanitised Markdown.
    pub body: String,
    /// The sender's own id for the message, echoed so optimistic copies reconcile.
    pub client_id: Option<String>,
    pub state: DeliveryState,
    pub created_at: i64,
    /// A file sent with the message (MSG-3); the body then holds its name.
    #[serde(default)]
    pub attachment: Option<crate::attachments::Attachment>,
    /// A product, order or coupon card (MSG-4), or the preview of a link to
    /// one of the store's own product pages; the body holds its text.
    #[serde(default)]
    pub card: Option<crate::cards::Card>,
    /// True when the body is only the card's own text (the agent wrote no
    /// caption): clients that draw the card do not repeat it.
    #[serde(default)]
    pub body_is_card_text: bool,
}

/// Team replies are shared by the store; personal ones belong to one agent (QR-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReplyScope {
    Team,
    Personal,
}

/// A canned answer with variables such as `{customer_name}` (QR-1..QR-4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuickReply {
    pub id: String,
    /// Null for replies shared by every store.
    pub store_id: Option<String>,
    pub scope: ReplyScope,
    /// The owner of a personal reply.
    pub owner_id: Option<String>,
    /// presales, aftersales, logistics, refund, technical, or a custom one.
    pub category: String,
    pub title: String,
    /// The text in each language it is written in; the desk picks the one
    /// matching the customer's language, else English, else the first (QR-2).
    pub variants: Vec<ReplyVariant>,
    /// Where the reply stands in its list (team or personal), lowest first;
    /// the order the agent or lead chose (QR-1).
    #[serde(default)]
    pub position: i64,
    /// How often agents inserted it, for "inserted N times" and most-used lists.
    #[serde(default)]
    pub uses: i64,
    pub updated_at: i64,
}

/// One language's text of a quick reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReplyVariant {
    /// BCP 47 primary language: `en`, `zh`, `de`…
    pub language: String,
    /// Markdown with `{variables}`.
    pub body: String,
}

/// Where Ctrl+1..9 work (QR-3): in the desk only, leaving other apps' keys
/// alone, or system-wide, bringing the desk forward from any app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HotkeyScope {
    #[default]
    InDesk,
    SystemWide,
}

/// The quick reply an agent put on Ctrl+`slot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SlotAssignment {
    /// 1..=9.
    pub slot: i64,
    pub quick_reply_id: String,
}

/// Whether an agent takes new chats (PLAT-1 tray status; routing reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    #[default]
    Available,
    Away,
}

/// A store's automatic replies (AUTO-1), each in the languages it is
/// written in; the customer's own language is chosen first, else English.
/// Every reply is sent as the bot, and each at most once per conversation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AutoReplies {
    pub hours: BusinessHours,
    /// On a customer's first message. Empty: none.
    pub welcome: Vec<ReplyVariant>,
    /// Outside business hours.
    pub offline: Vec<ReplyVariant>,
    /// When every agent is at capacity; `{position}` is the place in the queue.
    pub wait: Vec<ReplyVariant>,
    /// Keyword answers, the first matching rule only.
    pub faq: Vec<FaqRule>,
}

/// When a store answers chats, in its own time zone (the store's `timezone`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BusinessHours {
    /// Monday first, seven days; null is closed all day. Empty: always open.
    pub week: Vec<Option<OpeningHours>>,
    /// Local dates (`2026-12-24`) the store is closed.
    pub holidays: Vec<String>,
}

/// One day's opening, local wall-clock times `HH:MM`; `close` after `open`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OpeningHours {
    pub open: String,
    pub close: String,
}

/// A keyword answer: any keyword in the message (any case) sends `answer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FaqRule {
    pub keywords: Vec<String>,
    pub answer: Vec<ReplyVariant>,
}

/// How new conversations find this agent (AUTO-6): the languages they
/// answer in, their skills, whether they take VIP customers, and how many
/// open conversations they carry at once. Set by leads and admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RoutingProfile {
    /// BCP 47 primary languages: `en`, `de`, `zh`…
    pub languages: Vec<String>,
    /// E.g. `technical`, `after-sales`, `pre-sales`.
    pub skills: Vec<String>,
    /// Senior agents are offered VIP customers first.
    pub senior: bool,
    /// Open conversations routed to them at most; 0 takes none (leads by default).
    pub capacity: i64,
}

/// One agent's own settings and presence, kept by the server so they follow
/// the agent from desk to desk (QR-3, PLAT-1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentSettings {
    /// At most one reply per slot; empty slots are absent.
    pub slots: Vec<SlotAssignment>,
    pub hotkey_scope: HotkeyScope,
    /// Available or away, chosen in the tray or the settings.
    #[serde(default)]
    pub status: AgentStatus,
}

/// Who may read a knowledge article (KB-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Internal,
    Draft,
}

/// A knowledge-base article (KB-1, KB-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Article {
    pub id: String,
    pub store_id: Option<String>,
    /// E.g. `["after-sales", "battery"]`.
    pub category_path: Vec<String>,
    pub title: String,
    /// Markdown; render sanitised.
    pub body: String,
    pub language: String,
    pub visibility: Visibility,
    /// How often agents inserted it into a reply (KB-6).
    #[serde(default)]
    pub uses: i64,
    pub updated_at: i64,
}

/// What was inserted into a reply, for usage counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum UsedKind {
    QuickReply,
    Article,
}

/// One saved version of an article (KB-4): what it said, who saved it, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleRevision {
    /// 1 for the first version, counting up.
    pub revision: i64,
    pub title: String,
    pub body: String,
    pub category_path: Vec<String>,
    pub visibility: Visibility,
    pub author_id: String,
    pub at: i64,
}

/// An amount of money in minor units (cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Money {
    pub amount_minor: i64,
    /// ISO 4217.
    pub currency: String,
}

/// Where an order stands (COM-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

impl OrderStatus {
    /// Its name on the wire, e.g. `shipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Placed => "placed",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Refunded => "refunded",
        }
    }
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderItem {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// A customer's order (COM-1). The server holds its state machine
/// (`crate::orders`); agents change it through actions (COM-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Order {
    pub id: String,
    /// The number customers quote, e.g. `FD-100234`.
    pub number: String,
    pub store_id: String,
    pub customer_id: String,
    pub status: OrderStatus,
    pub items: Vec<OrderItem>,
    pub total: Money,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Where it ships, lines separated by newlines.
    #[serde(default)]
    pub shipping_address: String,
    /// The team's note on the order (never shown to the customer).
    #[serde(default)]
    pub note: String,
    /// Each status the order reached and when, oldest first (the timeline).
    #[serde(default)]
    pub timeline: Vec<OrderStep>,
    /// When an agent last asked the warehouse to hurry.
    #[serde(default)]
    pub urged_at: Option<i64>,
    /// The refund asked for, if any, and where its approval stands (TKT-3).
    #[serde(default)]
    pub refund: Option<Refund>,
    /// The customer's rating of the order, 1 to 5 stars, when they left one
    /// (CUST-2's positive-review rate).
    #[serde(default)]
    pub review: Option<i64>,
}

/// One step of an order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrderStep {
    pub status: OrderStatus,
    pub at: i64,
    /// Who caused it, when a person did (an agent's name).
    #[serde(default)]
    pub by: Option<String>,
}

/// Where a refund's approval stands (TKT-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    /// Over the approval threshold: a lead decides.
    AwaitingApproval,
    Approved,
    Rejected,
}

/// A refund asked for on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Refund {
    pub state: RefundState,
    pub amount: Money,
    pub reason: String,
    /// The agent who asked.
    pub requested_by: String,
    pub requested_at: i64,
    /// The lead who decided, when someone had to.
    #[serde(default)]
    pub decided_by: Option<String>,
    #[serde(default)]
    pub decided_at: Option<i64>,
    /// The lead's reason, shown to the agent.
    #[serde(default)]
    pub decision_note: Option<String>,
}

/// Stock in one warehouse (COM-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StockLevel {
    /// `EU` or `CN`.
    pub warehouse: String,
    pub quantity: i64,
}

/// A product of the catalogue (COM-4), read-only for now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Product {
    pub sku: String,
    pub name: String,
    pub model: String,
    pub category: String,
    pub prices: Vec<Money>,
    pub stock: Vec<StockLevel>,
    /// Days until restock when out of stock.
    pub restock_eta_days: Option<i64>,
}
