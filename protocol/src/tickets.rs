//! After-sales tickets (TKT-1, TKT-4, AUTO-5) and shipment tracking (COM-3):
//! the wire types and the rules both sides share (the SLA of each type, when
//! its reminder is due, what a new ticket must carry).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorCode};

const HOUR_MS: i64 = 3_600_000;
/// Longest ticket title, in characters.
pub const TICKET_TITLE_MAX_CHARS: usize = 200;
/// Longest ticket description, in characters.
pub const TICKET_TEXT_MAX_CHARS: usize = 5_000;

/// What a ticket is about (TKT-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    ReturnRefund,
    Exchange,
    Repair,
    Quality,
    Logistics,
}

impl TicketKind {
    /// Every kind, in the order the desk offers them.
    pub const ALL: [TicketKind; 5] = [
        TicketKind::ReturnRefund,
        TicketKind::Exchange,
        TicketKind::Repair,
        TicketKind::Quality,
        TicketKind::Logistics,
    ];

    /// How long the team has to resolve a ticket of this kind (TKT-4): a
    /// lost parcel cannot wait, a repair takes its time.
    pub fn sla_ms(self) -> i64 {
        HOUR_MS
            * match self {
                TicketKind::Logistics => 24,
                TicketKind::ReturnRefund => 48,
                TicketKind::Exchange | TicketKind::Quality => 72,
                TicketKind::Repair => 120,
            }
    }

    /// When, before the deadline, the assignee is reminded: a fifth of the
    /// SLA ahead (about 5 h for logistics, a day for repairs).
    pub fn reminder_lead_ms(self) -> i64 {
        self.sla_ms() / 5
    }
}

/// What the desk offers for a kind when opening a ticket (TKT-2): its SLA
/// and a template to start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketTemplate {
    pub kind: TicketKind,
    pub label: String,
    pub sla_hours: i64,
    /// `{order}` is replaced by the linked order's number.
    pub title: String,
    pub description: String,
}

impl TicketKind {
    /// The template of this kind.
    pub fn template(self) -> TicketTemplate {
        let (label, title, description) = match self {
            TicketKind::ReturnRefund => (
                "Return / refund",
                "Return and refund: {order}",
                "Reason:\nCondition of the bike (photos received?):\nRefund to the original payment method.",
            ),
            TicketKind::Exchange => (
                "Exchange",
                "Exchange: {order}",
                "What to exchange, for what:\nSize / colour in stock?:",
            ),
            TicketKind::Repair => (
                "Repair",
                "Repair: {order}",
                "Fault as the customer describes it:\nFrame number:\nPhotos or video received?:",
            ),
            TicketKind::Quality => (
                "Quality issue",
                "Quality issue: {order}",
                "What is wrong:\nSince when:\nPhotos received?:",
            ),
            TicketKind::Logistics => (
                "Logistics",
                "Delivery problem: {order}",
                "Carrier and tracking number:\nLast scan:\nWhat the customer needs:",
            ),
        };
        TicketTemplate {
            kind: self,
            label: label.to_owned(),
            sla_hours: self.sla_ms() / HOUR_MS,
            title: title.to_owned(),
            description: description.to_owned(),
        }
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Open,
    Resolved,
}

/// An after-sales ticket, linked to what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ticket {
    pub id: String,
    /// What people quote, e.g. `T-100004`.
    pub number: String,
    pub store_id: String,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub title: String,
    pub description: String,
    pub customer_id: Option<String>,
    pub conversation_id: Option<String>,
    pub order_id: Option<String>,
    pub product_sku: Option<String>,
    pub tracking_no: Option<String>,
    pub assignee_id: Option<String>,
    /// An agent's name, or "Carrier" for one opened by a shipment exception.
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The SLA deadline: `created_at` + the kind's SLA.
    pub due_at: i64,
    /// When the before-deadline reminder went out (once).
    pub reminded_at: Option<i64>,
    /// When the deadline passed unresolved (alerted once).
    pub breached_at: Option<i64>,
    pub resolved_at: Option<i64>,
}

impl Ticket {
    /// When the reminder is due.
    pub fn remind_at(&self) -> i64 {
        self.due_at - self.kind.reminder_lead_ms()
    }
}

/// `POST /api/v1/tickets`: a new ticket (TKT-2's last step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewTicket {
    /// Chosen by the desk so its offline copy keeps its id; the server
    /// picks one when absent.
    #[serde(default)]
    pub id: Option<String>,
    /// The store it belongs to (the conversation's or order's).
    pub store_id: String,
    pub kind: TicketKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub product_sku: Option<String>,
    #[serde(default)]
    pub tracking_no: Option<String>,
}

impl NewTicket {
    /// The ticket with its text trimmed and checked.
    pub fn validated(&self) -> Result<NewTicket, ApiError> {
        if let Some(id) = &self.id {
            crate::validate::client_key("id", id)?;
        }
        let title = self.title.trim();
        if title.is_empty() {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "title",
                "give the ticket a title",
            ));
        }
        if title.chars().count() > TICKET_TITLE_MAX_CHARS {
            return Err(ApiError::field(
                ErrorCode::TooLarge,
                "title",
                format!("title is longer than {TICKET_TITLE_MAX_CHARS} characters"),
            ));
        }
        let description = self.description.trim();
        if description.chars().count() > TICKET_TEXT_MAX_CHARS {
            return Err(ApiError::field(
                ErrorCode::TooLarge,
                "description",
                format!("description is longer than {TICKET_TEXT_MAX_CHARS} characters"),
            ));
        }
        let link = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Ok(NewTicket {
            id: self.id.clone(),
            store_id: self.store_id.clone(),
            kind: self.kind,
            title: title.to_owned(),
            description: description.to_owned(),
            customer_id: link(&self.customer_id),
            conversation_id: link(&self.conversation_id),
            order_id: link(&self.order_id),
            product_sku: link(&self.product_sku),
            tracking_no: link(&self.tracking_no),
        })
    }
}

/// `PATCH /api/v1/tickets/{id}`: resolve or reopen, assign.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketPatch {
    #[serde(default)]
    pub status: Option<TicketStatus>,
    /// An agent's id; `""` unassigns.
    #[serde(default)]
    pub assignee_id: Option<String>,
}

/// A ticket's SLA moment, told to the desks once each (TKT-4, AUTO-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SlaStage {
    /// The deadline is near.
    Reminder,
    /// The deadline passed unresolved.
    Breached,
}

/// What went wrong with a parcel (COM-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ShipmentException {
    /// No movement for days (often in customs).
    Stuck,
    /// On its way back to the sender.
    Returned,
}

/// One scan of a parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Checkpoint {
    pub at: i64,
    pub location: String,
    pub description: String,
}

/// A parcel's tracking, as a carrier reports it (COM-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Tracking {
    pub carrier: String,
    pub tracking_no: String,
    /// Oldest first.
    pub checkpoints: Vec<Checkpoint>,
    /// Expected delivery, customs included for cross-border parcels.
    pub eta: Option<i64>,
    pub delivered_at: Option<i64>,
    pub exception: Option<ShipmentException>,
    /// Whether it crosses a customs border (CN → EU/US).
    pub cross_border: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_sla_and_the_reminder_comes_a_fifth_before() {
        assert_eq!(TicketKind::Logistics.sla_ms(), 24 * HOUR_MS);
        assert_eq!(TicketKind::Repair.sla_ms(), 120 * HOUR_MS);
        assert!(TicketKind::ALL
            .iter()
            .all(|k| k.reminder_lead_ms() * 5 == k.sla_ms()));
    }

    #[test]
    fn a_new_ticket_needs_a_title_and_keeps_only_real_links() {
        let base = NewTicket {
            id: None,
            store_id: "s".into(),
            kind: TicketKind::Repair,
            title: "  Brake squeals  ".into(),
            description: String::new(),
            customer_id: None,
            conversation_id: Some("  ".into()),
            order_id: Some("o1".into()),
            product_sku: None,
            tracking_no: None,
        };
        let ok = base.validated().unwrap();
        assert_eq!(
            (ok.title.as_str(), ok.conversation_id),
            ("Brake squeals", None)
        );
        let empty = NewTicket {
            title: " ".into(),
            ..base.clone()
        };
        assert_eq!(
            empty.validated().unwrap_err().field.as_deref(),
            Some("title")
        );
        let long = NewTicket {
            title: "x".repeat(TICKET_TITLE_MAX_CHARS + 1),
            ..base
        };
        assert_eq!(long.validated().unwrap_err().code, ErrorCode::TooLarge);
    }
}
