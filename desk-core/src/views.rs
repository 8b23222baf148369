//! What the UI reads: shapes made for the screens, built from the cache.

use fiido_protocol::model::{
    Agent, Author, ConversationChannel, ConversationStatus, Customer, Order,
};
use fiido_protocol::orders::OrderActionKind;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The conversation list's filter tabs (CONV-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilterKey {
    All,
    Waiting,
    Active,
    Snoozed,
    Closed,
    Starred,
}

/// A filter of the conversation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConversationFilter {
    pub key: FilterKey,
    pub tag: Option<String>,
    /// Only this store's conversations (the unified inbox shows all).
    #[serde(default)]
    pub store_id: Option<String>,
    /// Only conversations of this channel (CONV-8).
    #[serde(default)]
    pub channel: Option<fiido_protocol::model::ConversationChannel>,
}

/// One card of the conversation list (CONV-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConversationCard {
    pub id: String,
    pub store_id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub vip_level: i64,
    pub status: ConversationStatus,
    pub channel: ConversationChannel,
    pub tags: Vec<String>,
    pub order_number: Option<String>,
    pub last_author: Option<Author>,
    pub last_body: Option<String>,
    pub last_at: Option<i64>,
    pub waiting_since: Option<i64>,
    pub unread_count: i64,
    pub pinned: bool,
    pub starred: bool,
    /// Who has it (CONV-9); null when nobody claimed it yet.
    pub assignee_id: Option<String>,
    /// When a snoozed conversation comes back (CONV-9).
    pub snoozed_until: Option<i64>,
    /// Waiting longer than the store's threshold (AUTO-2), by the desk's clock.
    pub overdue: bool,
}

/// One page of the list, and how many match in all (the scroll height).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConversationPage {
    pub items: Vec<ConversationCard>,
    pub total: i64,
}

/// The live counts on the filter tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct FilterCounts {
    pub all: i64,
    pub waiting: i64,
    pub active: i64,
    pub snoozed: i64,
    pub closed: i64,
    pub starred: i64,
}

/// A follow-up the agent asked to be reminded of (CUST-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Reminder {
    pub id: String,
    pub conversation_id: String,
    /// Unix ms, by the desk's clock.
    pub due_at: i64,
    pub note: String,
}

/// How many conversations carry a tag, for the tag filter (CONV-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TagCount {
    pub tag: String,
    pub count: i64,
}

/// A message's state as the agent sees it (MSG-2): the server's states plus
/// the two that exist only locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LocalState {
    /// Queued in the outbox, not yet accepted by the server.
    Sending,
    Sent,
    Delivered,
    Read,
    /// The server refused it; the agent may retry.
    Failed,
    /// Taken back by its author (MSG-6); its text is gone.
    Recalled,
}

impl LocalState {
    /// The column spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LocalState::Sending => "sending",
            LocalState::Sent => "sent",
            LocalState::Delivered => "delivered",
            LocalState::Read => "read",
            LocalState::Failed => "failed",
            LocalState::Recalled => "recalled",
        }
    }

    /// Parses the column spelling (unknown values read as sent).
    pub fn parse(s: &str) -> Self {
        match s {
            "sending" => LocalState::Sending,
            "delivered" => LocalState::Delivered,
            "read" => LocalState::Read,
            "failed" => LocalState::Failed,
            "recalled" => LocalState::Recalled,
            _ => LocalState::Sent,
        }
    }
}

/// A message as the chat shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LocalMessage {
    pub id: String,
    pub client_id: Option<String>,
    pub conversation_id: String,
    pub author: Author,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
    pub state: LocalState,
    /// Why it failed, when it did.
    pub error: Option<String>,
    /// A file sent with it (MSG-3).
    pub attachment: Option<fiido_protocol::attachments::Attachment>,
    /// A product, order or coupon card, or a product link's preview (MSG-4).
    pub card: Option<fiido_protocol::cards::Card>,
    /// True when the body only repeats the card's text (no caption).
    pub body_is_card_text: bool,
}

/// Everything the chat and the context panel show for one conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ConversationDetail {
    pub card: ConversationCard,
    pub customer: Option<Customer>,
    pub orders: Vec<Order>,
    /// What each order (by id) allows now (COM-2): the desk offers only these.
    pub order_actions: std::collections::BTreeMap<String, Vec<OrderActionKind>>,
    /// Orders with a change still waiting in the outbox.
    pub pending_orders: Vec<String>,
    /// What the customer spent (CUST-2), from the cached orders.
    pub spending: Option<crate::spending::Spending>,
    pub messages: Vec<LocalMessage>,
    /// The saved draft of the composer ("" when none).
    pub draft: String,
}

/// Whether the desk is connected (DESIGN §3), always visible in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    Online,
    Connecting,
    Offline,
}

/// The link state and how many actions wait in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LinkState {
    pub status: LinkStatus,
    pub queued: i64,
    /// Why the link is down, in words a person can act on.
    pub detail: Option<String>,
}

/// "This part of the cache changed": the UI re-reads what it shows (sent as the `StoreChanged` event).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
pub struct ChangeNotice {
    pub conversation_ids: Vec<String>,
    /// True when lists and counts may have changed.
    pub lists: bool,
    /// True when the agent's settings changed (slots, hotkey scope).
    #[serde(default)]
    pub settings: bool,
    /// True when quick replies or knowledge articles changed.
    #[serde(default)]
    pub catalogue: bool,
    /// Colleagues @mentioned this agent (CONV-9).
    #[serde(default)]
    pub mentions: Vec<MentionNotice>,
    /// Queued actions the server refused, in words the agent can act on
    /// ("Wei Zhang took this conversation first").
    #[serde(default)]
    pub problems: Vec<String>,
    /// Conversations whose customer is typing right now (MSG-7).
    #[serde(default)]
    pub typing: Vec<String>,
    /// True when tickets changed (TKT-1).
    #[serde(default)]
    pub tickets: bool,
    /// True when a customer's data was erased (CUST-6): views showing them close.
    #[serde(default)]
    pub erased: bool,
    /// Ticket deadlines near or passed, and parcels in trouble (TKT-4, COM-3).
    #[serde(default)]
    pub ticket_alerts: Vec<TicketAlert>,
}

/// What a ticket alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TicketAlertKind {
    DeadlineNear,
    DeadlinePassed,
    ShipmentProblem,
}

/// A ticket's deadline near or passed, or a carrier's exception that
/// opened a logistics ticket: told to the desk as a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TicketAlert {
    pub ticket_id: String,
    /// The ticket's number, or the order's for a parcel problem.
    pub number: String,
    pub title: String,
    pub conversation_id: Option<String>,
    /// Only the assignee is told of their ticket's deadline; None: everyone.
    pub assignee_id: Option<String>,
    pub what: TicketAlertKind,
}

/// A colleague @mentioned the agent in a note, or handed them a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MentionNotice {
    pub conversation_id: String,
    pub by: String,
    /// The note's text.
    pub body: String,
}

impl ChangeNotice {
    /// Whether nothing changed (no reason to wake the window).
    pub fn is_empty(&self) -> bool {
        *self == ChangeNotice::default()
    }

    /// Anything may have changed (a fresh snapshot, missed notices).
    pub fn everything() -> Self {
        ChangeNotice {
            conversation_ids: Vec::new(),
            lists: true,
            settings: true,
            catalogue: true,
            ..Default::default()
        }
    }
}

/// Who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SessionInfo {
    pub agent: Agent,
    pub server_url: String,
}

/// A piece of a search result's text; `hit` pieces match the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// What a search result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Customer,
    Order,
    Product,
    Message,
    Article,
}

/// One result of the Ctrl+K palette (CONV-7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The customer, order, product (SKU), message or article id.
    pub id: String,
    /// The name, order number, product name or article title, highlighted.
    pub title: Vec<Segment>,
    /// The matching text around the match, highlighted.
    pub excerpt: Vec<Segment>,
    /// The conversation Enter opens, when there is one.
    pub conversation_id: Option<String>,
    /// The message to scroll to and flash in that conversation.
    pub message_id: Option<String>,
    /// When the message was written or the order placed (Unix ms).
    pub at: Option<i64>,
}

/// The palette's results, grouped by kind (each group best first; messages
/// newest first).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
pub struct SearchResults {
    pub customers: Vec<SearchHit>,
    pub orders: Vec<SearchHit>,
    pub products: Vec<SearchHit>,
    pub messages: Vec<SearchHit>,
    pub articles: Vec<SearchHit>,
}
