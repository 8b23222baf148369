//! The order state machine (COM-1, COM-2, TKT-3), once for both sides: the
//! server applies actions and refuses invalid ones with `invalid_transition`;
//! the desk shows only the actions `Order::actions` allows.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorCode};
use crate::model::{Order, OrderStatus, OrderStep, Refund, RefundState};

/// Longest shipping address, in characters.
pub const ADDRESS_MAX_CHARS: usize = 500;
/// Longest order note or refund reason, in characters.
pub const ORDER_NOTE_MAX_CHARS: usize = 2_000;
/// Refunds above this many minor units (e.g. 500.00 EUR) wait for a lead.
pub const REFUND_APPROVAL_ABOVE_MINOR: i64 = 50_000;

/// What an agent may do to an order (COM-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrderAction {
    /// Before it ships.
    ChangeAddress { address: String },
    /// Any time the order is open.
    ChangeNote { note: String },
    /// Paid but not shipped: ask the warehouse to hurry.
    UrgeShipment,
    /// Paid, shipped or delivered; at most one open request.
    RequestRefund { reason: String },
    /// Before it ships.
    Cancel { reason: String },
}

/// The kind of an [`OrderAction`], to list what an order allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OrderActionKind {
    ChangeAddress,
    ChangeNote,
    UrgeShipment,
    RequestRefund,
    Cancel,
}

/// A lead's decision on a refund waiting for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RefundDecision {
    pub approve: bool,
    /// Why; required when rejecting, shown to the agent.
    #[serde(default)]
    pub note: String,
}

impl OrderAction {
    /// Its kind.
    pub fn kind(&self) -> OrderActionKind {
        match self {
            OrderAction::ChangeAddress { .. } => OrderActionKind::ChangeAddress,
            OrderAction::ChangeNote { .. } => OrderActionKind::ChangeNote,
            OrderAction::UrgeShipment => OrderActionKind::UrgeShipment,
            OrderAction::RequestRefund { .. } => OrderActionKind::RequestRefund,
            OrderAction::Cancel { .. } => OrderActionKind::Cancel,
        }
    }

    /// The action with its text trimmed and checked.
    pub fn validated(&self) -> Result<OrderAction, ApiError> {
        let text = |field: &str, value: &str, max: usize, required: bool| {
            let value = value.trim();
            if required && value.is_empty() {
                return Err(ApiError::field(
                    ErrorCode::ValidationFailed,
                    field,
                    format!("{field} must not be empty"),
                ));
            }
            if value.chars().count() > max {
                return Err(ApiError::field(
                    ErrorCode::TooLarge,
                    field,
                    format!("{field} is longer than {max} characters"),
                ));
            }
            Ok(value.to_owned())
        };
        Ok(match self {
            OrderAction::ChangeAddress { address } => OrderAction::ChangeAddress {
                address: text("address", address, ADDRESS_MAX_CHARS, true)?,
            },
            OrderAction::ChangeNote { note } => OrderAction::ChangeNote {
                note: text("note", note, ORDER_NOTE_MAX_CHARS, false)?,
            },
            OrderAction::UrgeShipment => OrderAction::UrgeShipment,
            OrderAction::RequestRefund { reason } => OrderAction::RequestRefund {
                reason: text("reason", reason, ORDER_NOTE_MAX_CHARS, true)?,
            },
            OrderAction::Cancel { reason } => OrderAction::Cancel {
                reason: text("reason", reason, ORDER_NOTE_MAX_CHARS, true)?,
            },
        })
    }
}

impl RefundDecision {
    /// The decision with its note trimmed; a rejection needs a reason.
    pub fn validated(&self) -> Result<RefundDecision, ApiError> {
        let note = self.note.trim();
        if !self.approve && note.is_empty() {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "note",
                "say why the refund is rejected",
            ));
        }
        if note.chars().count() > ORDER_NOTE_MAX_CHARS {
            return Err(ApiError::field(
                ErrorCode::TooLarge,
                "note",
                format!("note is longer than {ORDER_NOTE_MAX_CHARS} characters"),
            ));
        }
        Ok(RefundDecision {
            approve: self.approve,
            note: note.to_owned(),
        })
    }
}

fn refused(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidTransition, message)
}

impl Order {
    /// The actions the order allows now, in the order the desk shows them.
    pub fn actions(&self) -> Vec<OrderActionKind> {
        use OrderActionKind::*;
        use OrderStatus::*;
        let open_refund = self
            .refund
            .as_ref()
            .is_some_and(|r| r.state != RefundState::Rejected);
        let mut allowed = Vec::new();
        if matches!(self.status, Placed | Paid) {
            allowed.push(ChangeAddress);
        }
        if !matches!(self.status, Cancelled | Refunded) {
            allowed.push(ChangeNote);
        }
        if self.status == Paid {
            allowed.push(UrgeShipment);
        }
        if matches!(self.status, Paid | Shipped | Delivered) && !open_refund {
            allowed.push(RequestRefund);
        }
        if matches!(self.status, Placed | Paid) && !open_refund {
            allowed.push(Cancel);
        }
        allowed
    }

    fn step(&mut self, status: OrderStatus, at: i64, by: &str) {
        self.status = status;
        self.timeline.push(OrderStep {
            status,
            at,
            by: Some(by.to_owned()),
        });
    }

    /// Applies a validated action by agent `by` at `now`, or refuses it
    /// with `invalid_transition` when the order's state does not allow it.
    pub fn apply(&mut self, action: &OrderAction, now: i64, by: &str) -> Result<(), ApiError> {
        if !self.actions().contains(&action.kind()) {
            return Err(refused(format!(
                "order {} is {}: it cannot take this action now",
                self.number,
                serde_json::to_value(self.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            )));
        }
        match action {
            OrderAction::ChangeAddress { address } => self.shipping_address = address.clone(),
            OrderAction::ChangeNote { note } => self.note = note.clone(),
            OrderAction::UrgeShipment => self.urged_at = Some(now),
            OrderAction::Cancel { reason } => {
                self.step(OrderStatus::Cancelled, now, by);
                self.note = append_line(&self.note, &format!("Cancelled: {reason}"));
            }
            OrderAction::RequestRefund { reason } => {
                let needs_approval = self.total.amount_minor > REFUND_APPROVAL_ABOVE_MINOR;
                self.refund = Some(Refund {
                    state: if needs_approval {
                        RefundState::AwaitingApproval
                    } else {
                        RefundState::Approved
                    },
                    amount: self.total.clone(),
                    reason: reason.clone(),
                    requested_by: by.to_owned(),
                    requested_at: now,
                    decided_by: None,
                    decided_at: None,
                    decision_note: None,
                });
                if !needs_approval {
                    self.step(OrderStatus::Refunded, now, by);
                }
            }
        }
        self.updated_at = now;
        Ok(())
    }

    /// A lead's decision on the refund waiting for approval.
    pub fn decide_refund(
        &mut self,
        decision: &RefundDecision,
        now: i64,
        by: &str,
    ) -> Result<(), ApiError> {
        let Some(refund) = self
            .refund
            .as_mut()
            .filter(|r| r.state == RefundState::AwaitingApproval)
        else {
            return Err(refused(format!(
                "order {} has no refund waiting for approval",
                self.number
            )));
        };
        refund.state = if decision.approve {
            RefundState::Approved
        } else {
            RefundState::Rejected
        };
        refund.decided_by = Some(by.to_owned());
        refund.decided_at = Some(now);
        refund.decision_note = (!decision.note.is_empty()).then(|| decision.note.clone());
        if decision.approve {
            self.step(OrderStatus::Refunded, now, by);
        }
        self.updated_at = now;
        Ok(())
    }
}

fn append_line(text: &str, line: &str) -> String {
    if text.is_empty() {
        line.to_owned()
    } else {
        format!("{text}\n{line}")
    }
}

/// The most lines a reported order may have.
pub const ORDER_LINES_MAX: usize = 50;

/// `POST /api/v1/orders`: the shop reports an order it took (COM-1), so
/// the desk shows it and statistics count the conversion it may complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewOrder {
    /// The number customers quote, e.g. `FD-100234`; unique.
    pub number: String,
    pub customer_id: String,
    pub items: Vec<crate::model::OrderItem>,
    #[serde(default)]
    pub shipping_address: String,
}

impl NewOrder {
    /// Checks the number, the lines (1 to [`ORDER_LINES_MAX`], quantities 1
    /// to 99, prices not negative, one currency) and the address; returns
    /// the total.
    pub fn validated(&self) -> Result<crate::model::Money, ApiError> {
        let bad = |field: &str, message: &str| {
            Err(ApiError::field(ErrorCode::ValidationFailed, field, message))
        };
        let number_ok = (3..=32).contains(&self.number.len())
            && self
                .number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !number_ok {
            return bad("number", "use 3 to 32 letters, digits or '-'");
        }
        if self.items.is_empty() || self.items.len() > ORDER_LINES_MAX {
            return bad("items", "an order has 1 to 50 lines");
        }
        let currency = self.items[0].unit_price.currency.clone();
        let mut total = 0i64;
        for item in &self.items {
            if !(1..=99).contains(&item.quantity) {
                return bad("items.quantity", "a quantity is 1 to 99");
            }
            if item.unit_price.amount_minor < 0 || item.unit_price.currency != currency {
                return bad(
                    "items.unit_price",
                    "prices are not negative and in one currency",
                );
            }
            if item.name.trim().is_empty() || item.sku.trim().is_empty() {
                return bad("items", "each line names its product and SKU");
            }
            total =
                total.saturating_add(item.unit_price.amount_minor.saturating_mul(item.quantity));
        }
        if self.shipping_address.chars().count() > ADDRESS_MAX_CHARS {
            return Err(ApiError::field(
                ErrorCode::TooLarge,
                "shipping_address",
                format!("an address is at most {ADDRESS_MAX_CHARS} characters"),
            ));
        }
        Ok(crate::model::Money {
            amount_minor: total,
            currency,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Money;

    fn order(status: OrderStatus, total: i64) -> Order {
        Order {
            id: "o1".into(),
            number: "FD-1".into(),
            store_id: "s".into(),
            customer_id: "c".into(),
            status,
            items: vec![],
            total: Money {
                amount_minor: total,
                currency: "EUR".into(),
            },
            carrier: None,
            tracking_no: None,
            created_at: 0,
            updated_at: 0,
            shipping_address: "Old street 1".into(),
            note: String::new(),
            timeline: vec![],
            urged_at: None,
            refund: None,
            review: None,
        }
    }

    #[test]
    fn each_status_offers_only_its_actions() {
        use OrderActionKind::*;
        let actions = |s| order(s, 100).actions();
        assert_eq!(
            actions(OrderStatus::Placed),
            vec![ChangeAddress, ChangeNote, Cancel]
        );
        assert_eq!(
            actions(OrderStatus::Paid),
            vec![
                ChangeAddress,
                ChangeNote,
                UrgeShipment,
                RequestRefund,
                Cancel
            ]
        );
        assert_eq!(
            actions(OrderStatus::Shipped),
            vec![ChangeNote, RequestRefund]
        );
        assert_eq!(
            actions(OrderStatus::Delivered),
            vec![ChangeNote, RequestRefund]
        );
        assert!(actions(OrderStatus::Cancelled).is_empty());
        assert!(actions(OrderStatus::Refunded).is_empty());
    }

    #[test]
    fn an_action_the_status_does_not_allow_is_refused_and_changes_nothing() {
        let mut shipped = order(OrderStatus::Shipped, 100);
        let before = shipped.clone();
        let error = shipped
            .apply(
                &OrderAction::ChangeAddress {
                    address: "New".into(),
                },
                5,
                "Lena",
            )
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidTransition);
        assert_eq!(shipped, before);
    }

    #[test]
    fn a_small_refund_is_approved_at_once_and_a_big_one_waits_for_a_lead() {
        let reason = OrderAction::RequestRefund {
            reason: "broken".into(),
        };
        let mut small = order(OrderStatus::Delivered, REFUND_APPROVAL_ABOVE_MINOR);
        small.apply(&reason, 7, "Lena").unwrap();
        assert_eq!(small.status, OrderStatus::Refunded);
        assert_eq!(small.timeline.last().unwrap().status, OrderStatus::Refunded);

        let mut big = order(OrderStatus::Delivered, REFUND_APPROVAL_ABOVE_MINOR + 1);
        big.apply(&reason, 7, "Lena").unwrap();
        assert_eq!(big.status, OrderStatus::Delivered);
        assert_eq!(
            big.refund.as_ref().unwrap().state,
            RefundState::AwaitingApproval
        );
        assert!(!big.actions().contains(&OrderActionKind::RequestRefund));
        let approve = RefundDecision {
            approve: true,
            note: String::new(),
        };
        big.decide_refund(&approve, 9, "Wei").unwrap();
        assert_eq!(big.status, OrderStatus::Refunded);
        assert_eq!(
            big.refund.as_ref().unwrap().decided_by.as_deref(),
            Some("Wei")
        );
        assert_eq!(
            big.decide_refund(&approve, 10, "Wei").unwrap_err().code,
            ErrorCode::InvalidTransition,
            "decided once"
        );
    }

    #[test]
    fn a_rejected_refund_may_be_asked_again_and_a_rejection_needs_a_reason() {
        let mut big = order(OrderStatus::Shipped, REFUND_APPROVAL_ABOVE_MINOR * 3);
        big.apply(
            &OrderAction::RequestRefund {
                reason: "late".into(),
            },
            1,
            "Lena",
        )
        .unwrap();
        let bare = RefundDecision {
            approve: false,
            note: "  ".into(),
        };
        assert_eq!(
            bare.validated().unwrap_err().code,
            ErrorCode::ValidationFailed
        );
        let reject = RefundDecision {
            approve: false,
            note: "Still in transit".into(),
        }
        .validated()
        .unwrap();
        big.decide_refund(&reject, 2, "Wei").unwrap();
        assert_eq!(big.status, OrderStatus::Shipped);
        assert!(big.actions().contains(&OrderActionKind::RequestRefund));
    }

    #[test]
    fn bad_action_text_is_refused_with_its_field() {
        let long = "x".repeat(ADDRESS_MAX_CHARS + 1);
        let e = OrderAction::ChangeAddress { address: long }
            .validated()
            .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::TooLarge, Some("address"))
        );
        let e = OrderAction::Cancel { reason: " ".into() }
            .validated()
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("reason"));
    }
}
