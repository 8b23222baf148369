//! Request and response bodies of the REST API.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{
    Agent, AgentSettings, Article, Conversation, ConversationStatus, Customer, Message, Order,
    Product, QuickReply, ReplyScope, ReplyVariant, Store, Visibility,
};

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A new session: the token goes to the OS keyring, never to disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LoginResponse {
    /// Opaque bearer token; the server keeps only its hash.
    pub token: String,
    /// When the token stops working (Unix ms).
    pub expires_at: i64,
    pub agent: Agent,
}

/// One page of a list, with the cursor of the next page (null on the last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// `POST /api/v1/conversations/{id}/messages` (also the widget's send).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SendMessageRequest {
    /// The text; with a card it may be empty (the card's own text is used).
    pub body: String,
    /// The sender's own id for the message (UUID); a repeat with the same id
    /// returns the first message instead of creating another.
    #[serde(default)]
    pub client_id: Option<String>,
    /// A product, order or coupon to send as a card (MSG-4, COM-5).
    #[serde(default)]
    pub card: Option<crate::cards::CardRequest>,
}

/// The messages of a conversation, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MessageList {
    pub messages: Vec<Message>,
    /// True when older messages exist before the first one returned.
    pub has_more: bool,
}

/// One page of the sync snapshot: the caller's visible state, section by
/// section. Apply every page, then stream events after `seq`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SnapshotPage {
    /// The log position the snapshot is consistent with: events after it,
    /// applied in order, bring the client to the present. Equal on every page.
    pub seq: i64,
    /// Pass back to get the next page; null on the last page.
    pub next_cursor: Option<String>,
    pub stores: Vec<Store>,
    pub agents: Vec<Agent>,
    pub customers: Vec<Customer>,
    pub conversations: Vec<Conversation>,
    /// The newest messages of each conversation (older ones on demand).
    pub messages: Vec<Message>,
    pub quick_replies: Vec<QuickReply>,
    pub articles: Vec<Article>,
    pub orders: Vec<Order>,
    pub products: Vec<Product>,
    /// After-sales tickets of the caller's stores (TKT-1).
    #[serde(default)]
    pub tickets: Vec<crate::tickets::Ticket>,
    /// The caller's own settings; on the first page only.
    #[serde(default)]
    pub settings: Option<AgentSettings>,
}

/// `POST /api/v1/admin/events/prune`: drop old events from the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PruneEventsRequest {
    /// How many of the newest events to keep.
    pub keep_last: i64,
}

/// The log's new floor: `/events?after=N` with N below it answers 410.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PruneEventsResponse {
    pub floor: i64,
}

/// `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// `POST /api/v1/widget/sessions`: a visitor starts a chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WidgetSessionRequest {
    /// The store's public key (`data-store` on the script tag).
    pub store: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    /// The browser's language, e.g. `de`.
    #[serde(default)]
    pub language: Option<String>,
    /// The browser's IANA time zone, e.g. `Europe/Berlin`, for the agent's
    /// "local time" (CUST-1).
    #[serde(default)]
    pub timezone: Option<String>,
    /// A short description of the device, e.g. `Chrome on Windows`.
    #[serde(default)]
    pub device: Option<String>,
}

/// The store as the visitor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WidgetStore {
    pub key: String,
    pub name: String,
}

/// The visitor as the widget knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WidgetCustomer {
    pub id: String,
    pub nickname: String,
}

/// A visitor's chat session; the widget keeps `token` in localStorage so the
/// chat survives a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WidgetSession {
    /// Empty when the session is read back with `GET /api/v1/widget/session`.
    pub token: String,
    pub store: WidgetStore,
    pub customer: WidgetCustomer,
    pub conversation_id: String,
}

/// The visitor's conversation, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WidgetMessages {
    pub messages: Vec<Message>,
}

/// `POST /api/v1/widget/read`: how many of the store's replies the visitor
/// has now read (their senders see ✓✓).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WidgetRead {
    pub marked: i64,
}

/// `PATCH /api/v1/customers/{id}`: what a lead or admin may change about a
/// customer (CUST-4). Absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CustomerPatch {
    /// 0 = not VIP, 1..=5 = VIP level.
    #[serde(default)]
    pub vip_level: Option<i64>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Block (true) or unblock a customer (CUST-4).
    #[serde(default)]
    pub blocked: Option<bool>,
}

/// `PATCH /api/v1/conversations/{id}`: how an agent organises a
/// conversation (CONV-4, CONV-5) and closes or reopens it (CONV-9). Absent
/// fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ConversationPatch {
    #[serde(default)]
    pub pinned: Option<bool>,
    #[serde(default)]
    pub starred: Option<bool>,
    /// The whole new set of tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// `closed` closes it; `active` reopens a closed or snoozed one.
    #[serde(default)]
    pub status: Option<ConversationStatus>,
    /// Snoozes it until then (Unix ms, in the next 90 days; CONV-9).
    #[serde(default)]
    pub snoozed_until: Option<i64>,
}

/// `POST /api/v1/conversations/{id}/notes`: an internal note (CONV-6);
/// `@Name` mentions a colleague, who is notified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewNote {
    pub body: String,
    /// The desk's own id for the note, echoed so its optimistic copy reconciles.
    #[serde(default)]
    pub client_id: Option<String>,
}

/// `POST /api/v1/conversations/{id}/assignment`: claim (yourself), transfer
/// (a colleague, with a note for them) or release (null) a conversation
/// (CONV-9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssignRequest {
    pub assignee_id: Option<String>,
    /// For the colleague taking over; kept as an internal note.
    #[serde(default)]
    pub note: Option<String>,
}

/// `PATCH /api/v1/stores/{id}`: what an admin may change about a store.
/// Absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StorePatch {
    /// Seconds a customer may wait before the chat counts as overdue (AUTO-2).
    #[serde(default)]
    pub overdue_after_secs: Option<i64>,
}

/// `POST /api/v1/quick-replies`: a new team reply (leads and admins) or a
/// personal one (anyone, for themselves) (QR-1, QR-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewQuickReply {
    /// Chosen by the client (a UUID), so edits queued offline can name the
    /// reply before the server has seen it; the server makes one if absent.
    #[serde(default)]
    pub id: Option<String>,
    pub scope: ReplyScope,
    /// A team reply's store; null shares it with every store (admins only).
    #[serde(default)]
    pub store_id: Option<String>,
    pub category: String,
    pub title: String,
    pub variants: Vec<ReplyVariant>,
}

/// `PATCH /api/v1/quick-replies/{id}`: absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuickReplyPatch {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub variants: Option<Vec<ReplyVariant>>,
}

/// `PUT /api/v1/quick-replies/order`: the replies of one list (team or the
/// caller's personal ones) in the order they should be offered. Replies
/// left out keep their place after the listed ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuickReplyOrder {
    pub ids: Vec<String>,
}

/// An uploaded image (KB-2): articles refer to it as `![text](url)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MediaRef {
    /// The SHA-256 of the bytes, in lower-case hex.
    pub id: String,
    /// `/api/v1/media/{id}`, relative to the server.
    pub url: String,
}

/// The answer to an insertion report: the new total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UsageCount {
    pub uses: i64,
}

/// `POST /api/v1/articles`: a knowledge article (leads and admins, KB-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewArticle {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub store_id: Option<String>,
    pub category_path: Vec<String>,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub language: String,
    pub visibility: Visibility,
}

/// `PATCH /api/v1/articles/{id}`: absent fields stay as they are; every
/// change is kept as a revision (KB-4).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticlePatch {
    #[serde(default)]
    pub category_path: Option<Vec<String>>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub visibility: Option<Visibility>,
}

/// `POST /api/v1/widget/behaviour`: what the visitor did on the shop since
/// the last report, sent by the widget only after they consented (CUST-3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct BehaviourReport {
    /// SKUs viewed, oldest first.
    #[serde(default)]
    pub viewed: Vec<String>,
    /// The whole cart now, when it changed.
    #[serde(default)]
    pub cart: Option<Vec<CartItemReport>>,
    /// Searches made, oldest first.
    #[serde(default)]
    pub searches: Vec<String>,
}

/// One cart line as the shop reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CartItemReport {
    pub sku: String,
    pub quantity: i64,
}

impl BehaviourReport {
    /// At most 20 of each, SKUs well formed, searches 1 to 100 characters,
    /// quantities 1 to 99. Returns the searches trimmed.
    pub fn validate(&self) -> Result<Vec<String>, crate::ApiError> {
        use crate::{ApiError, ErrorCode};
        let many = |field: &str| {
            ApiError::field(
                ErrorCode::ValidationFailed,
                field,
                format!("{field} takes at most 20 entries"),
            )
        };
        if self.viewed.len() > 20 {
            return Err(many("viewed"));
        }
        for sku in &self.viewed {
            crate::validate::client_key("viewed", sku)?;
        }
        if let Some(cart) = &self.cart {
            if cart.len() > 20 {
                return Err(many("cart"));
            }
            for line in cart {
                crate::validate::client_key("cart.sku", &line.sku)?;
                if !(1..=99).contains(&line.quantity) {
                    return Err(ApiError::field(
                        ErrorCode::ValidationFailed,
                        "cart.quantity",
                        "a quantity is 1 to 99",
                    ));
                }
            }
        }
        if self.searches.len() > 20 {
            return Err(many("searches"));
        }
        self.searches
            .iter()
            .map(|q| {
                let q = q.trim();
                if q.is_empty() || q.chars().count() > 100 || q.chars().any(char::is_control) {
                    Err(ApiError::field(
                        ErrorCode::ValidationFailed,
                        "searches",
                        "a search is 1 to 100 characters of text",
                    ))
                } else {
                    Ok(q.to_owned())
                }
            })
            .collect()
    }
}
