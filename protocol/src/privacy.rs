//! Privacy requests (CUST-6): everything kept about a customer, exported;
//! their personal data erased on request, with an audit trail.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{Conversation, Customer, Message, Order};
use crate::tickets::Ticket;
use crate::{ApiError, ErrorCode};

/// The name an erased customer is shown under.
pub const ERASED_NAME: &str = "Erased customer";
/// The longest reason an erasure may carry.
pub const REASON_MAX_CHARS: usize = 500;

/// How far an erasure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EraseMode {
    /// Conversations and messages are removed; orders stay (bookkeeping)
    /// without the address or notes, under an anonymous customer.
    Delete,
    /// Conversations stay as empty shells so the statistics keep their
    /// counts; every text, name and address is removed.
    Anonymise,
}

/// `POST /api/v1/customers/{id}/erase`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EraseRequest {
    pub mode: EraseMode,
    /// Why (e.g. "GDPR Art. 17 request of 2030-03-05, ticket TK-…"); kept
    /// in the audit log, so it must not repeat the customer's data.
    pub reason: String,
}

impl EraseRequest {
    /// The trimmed reason: required, at most [`REASON_MAX_CHARS`].
    pub fn validate(&self) -> Result<String, ApiError> {
        let reason = self.reason.trim();
        if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "reason",
                format!("give the reason for the erasure (1 to {REASON_MAX_CHARS} characters)"),
            ));
        }
        Ok(reason.to_owned())
    }
}

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EraseReport {
    pub customer_id: String,
    pub mode: EraseMode,
    pub conversations: i64,
    pub messages: i64,
    pub orders: i64,
    pub tickets: i64,
}

/// A conversation with all its messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ConversationExport {
    pub conversation: Conversation,
    pub messages: Vec<Message>,
}

/// An address the customer wrote from (e-mail, WhatsApp…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChannelAddress {
    pub channel: String,
    pub address: String,
}

/// A rating the customer gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RatingExport {
    pub conversation_id: String,
    pub at: i64,
    pub score: i64,
    pub comment: Option<String>,
}

/// Everything kept about a customer (GDPR Art. 15 / 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CustomerExport {
    pub exported_at: i64,
    pub customer: Customer,
    pub addresses: Vec<ChannelAddress>,
    pub conversations: Vec<ConversationExport>,
    pub orders: Vec<Order>,
    pub tickets: Vec<Ticket>,
    pub ratings: Vec<RatingExport>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntry {
    pub id: String,
    pub at: i64,
    /// The agent who did it.
    pub actor_id: String,
    pub actor_name: String,
    /// `customer_exported` or `customer_erased`.
    pub action: String,
    pub subject_id: String,
    pub detail: String,
}
