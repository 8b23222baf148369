//! The event log's entries: every state change on the server is one of these,
//! numbered by a `seq` whose order is the order of commits (DESIGN §3).
//!
//! Events carry the whole changed entity, so applying them is idempotent and a
//! client that applies a log in order always ends in the server's state.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{
    AgentSettings, Article, Conversation, Customer, Message, Order, QuickReply, Store, UsedKind,
};
use crate::tickets::{ShipmentException, SlaStage, Ticket};

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Event {
    /// Strictly increasing; commit order.
    pub seq: i64,
    /// When the change committed (Unix ms).
    pub at: i64,
    /// The store the change belongs to; null for changes every store sees.
    pub store_id: Option<String>,
    pub conversation_id: Option<String>,
    /// The client mutation id of the request that caused it, so the sender
    /// can reconcile its optimistic copy.
    pub client_id: Option<String>,
    pub data: EventData,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventData {
    ConversationUpserted {
        conversation: Conversation,
    },
    MessageUpserted {
        message: Message,
    },
    /// An internal note (CONV-6): its own kind, so nothing that follows a
    /// conversation's messages for the customer can pick it up.
    NoteAdded {
        message: Message,
    },
    /// A colleague @mentioned this agent in a note (CONV-9); only they hear of it.
    Mentioned {
        agent_id: String,
        conversation_id: String,
        message_id: String,
        by: String,
    },
    CustomerUpserted {
        customer: Customer,
    },
    OrderUpserted {
        order: Order,
    },
    QuickReplyUpserted {
        quick_reply: QuickReply,
    },
    QuickReplyDeleted {
        id: String,
        /// The owner of a personal reply (only they hear of it).
        owner_id: Option<String>,
    },
    ArticleUpserted {
        article: Article,
    },
    /// An article went back to draft: agents' desks drop it (leads and
    /// admins get the draft itself right after).
    ArticleWithdrawn {
        id: String,
    },
    /// Someone inserted a quick reply or article; `uses` is the new total.
    UsageCounted {
        item: UsedKind,
        id: String,
        uses: i64,
        /// The owner of a personal reply (only they hear of it).
        owner_id: Option<String>,
    },
    StoreUpserted {
        store: Store,
    },
    /// A ticket was opened or changed (TKT-1).
    TicketUpserted {
        ticket: Ticket,
    },
    /// A ticket's deadline is near or passed (TKT-4, AUTO-5); once each.
    TicketSla {
        ticket: Ticket,
        stage: SlaStage,
    },
    /// A carrier reported a problem with an order's parcel (COM-3); a
    /// logistics ticket was opened for it.
    ShipmentException {
        order_id: String,
        order_number: String,
        tracking_no: String,
        exception: ShipmentException,
        ticket_id: String,
    },
    /// A customer rated their closed request (STAT-5): the team's figures moved.
    SatisfactionRated {
        conversation_id: String,
        /// 1 to 5 stars.
        score: i64,
        comment: Option<String>,
    },
    /// A customer's personal data was erased on request (CUST-6): every
    /// desk drops the customer, their conversations and messages from its
    /// cache (the anonymised customer and orders follow as upserts).
    CustomerErased {
        customer_id: String,
        conversation_ids: Vec<String>,
    },
    /// An event whose content was erased (CUST-6); nothing to apply.
    Redacted {},
    /// Seen only by the agent it belongs to.
    AgentSettingsChanged {
        agent_id: String,
        settings: AgentSettings,
    },
}

impl EventData {
    /// The `kind` tag, stored in its own column for filtering.
    pub fn kind(&self) -> &'static str {
        match self {
            EventData::ConversationUpserted { .. } => "conversation_upserted",
            EventData::MessageUpserted { .. } => "message_upserted",
            EventData::NoteAdded { .. } => "note_added",
            EventData::Mentioned { .. } => "mentioned",
            EventData::CustomerUpserted { .. } => "customer_upserted",
            EventData::OrderUpserted { .. } => "order_upserted",
            EventData::QuickReplyUpserted { .. } => "quick_reply_upserted",
            EventData::ArticleUpserted { .. } => "article_upserted",
            EventData::StoreUpserted { .. } => "store_upserted",
            EventData::TicketUpserted { .. } => "ticket_upserted",
            EventData::TicketSla { .. } => "ticket_sla",
            EventData::ShipmentException { .. } => "shipment_exception",
            EventData::SatisfactionRated { .. } => "satisfaction_rated",
            EventData::QuickReplyDeleted { .. } => "quick_reply_deleted",
            EventData::ArticleWithdrawn { .. } => "article_withdrawn",
            EventData::UsageCounted { .. } => "usage_counted",
            EventData::AgentSettingsChanged { .. } => "agent_settings_changed",
            EventData::CustomerErased { .. } => "customer_erased",
            EventData::Redacted {} => "redacted",
        }
    }

    /// The one agent who may see this change, for private changes such as
    /// an agent's own settings; None when the store's team sees it.
    pub fn private_to(&self) -> Option<&str> {
        match self {
            EventData::AgentSettingsChanged { agent_id, .. } => Some(agent_id),
            EventData::Mentioned { agent_id, .. } => Some(agent_id),
            EventData::QuickReplyUpserted { quick_reply } => match quick_reply.scope {
                crate::model::ReplyScope::Personal => quick_reply.owner_id.as_deref(),
                crate::model::ReplyScope::Team => None,
            },
            EventData::QuickReplyDeleted { owner_id, .. } => owner_id.as_deref(),
            EventData::UsageCounted { owner_id, .. } => owner_id.as_deref(),
            _ => None,
        }
    }

    /// Whether only leads and admins may see this change: a draft article
    /// is not the agents' to use yet (KB-5).
    pub fn leads_only(&self) -> bool {
        matches!(self, EventData::ArticleUpserted { article } if article.visibility == crate::model::Visibility::Draft)
    }
}

/// `GET /api/v1/events?after=N`: the visible events after N, in seq order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventsPage {
    pub events: Vec<Event>,
    /// The newest seq in the log when the page was read. A client that got
    /// fewer than `limit` events is caught up to `head` (events it may not see
    /// are filtered out, so `head` may exceed the last event's seq).
    pub head: i64,
}
