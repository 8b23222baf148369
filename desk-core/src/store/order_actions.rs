//! What an agent does to an order (COM-2) and a lead's refund decision
//! (TKT-3), at once in the cache by the same state machine the server runs
//! (`fiido_protocol::orders`), then delivered through the outbox. A refusal
//! puts the server's copy back.

use fiido_protocol::model::{Agent, Order, Role};
use fiido_protocol::orders::{OrderAction, RefundDecision};
use fiido_protocol::{ApiError, ErrorCode};

use super::apply::upsert_order;
use super::outbox::queue;
use super::{now_ms, Store};
use crate::error::{storage, DeskResult};

/// A queued action on one order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrderUpdate {
    pub id: String,
    pub action: OrderAction,
}

/// A queued refund decision on one order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundVerdict {
    pub id: String,
    pub decision: RefundDecision,
}

impl Store {
    /// One cached order.
    pub fn order(&self, id: &str) -> DeskResult<Option<Order>> {
        self.json_row("SELECT json FROM orders WHERE id = ?1", id)
    }

    fn cached_order(&self, id: &str) -> DeskResult<Order> {
        self.order(id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that order is not here"))
    }

    /// Writes the changed order and its outbox row in one transaction.
    fn queue_order_change(
        &self,
        order: &Order,
        kind: &str,
        payload: &impl serde::Serialize,
    ) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_order(&tx, order)?;
        queue(&tx, kind, None, payload)?;
        tx.commit().map_err(storage)
    }

    /// Applies an action to the cached order and queues it for the server.
    /// Refused here, with the server's code, when the order's status does
    /// not allow it.
    pub fn enqueue_order_action(
        &self,
        id: &str,
        action: &OrderAction,
        agent: &Agent,
    ) -> DeskResult<Order> {
        let action = action.validated()?;
        let mut order = self.cached_order(id)?;
        order.apply(&action, now_ms(), &agent.name)?;
        self.queue_order_change(
            &order,
            "order_action",
            &OrderUpdate {
                id: id.to_owned(),
                action,
            },
        )?;
        Ok(order)
    }

    /// A lead's approval or rejection of a refund waiting for one.
    pub fn enqueue_refund_decision(
        &self,
        id: &str,
        decision: &RefundDecision,
        agent: &Agent,
    ) -> DeskResult<Order> {
        if agent.role == Role::Agent {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                "refunds over the threshold are approved by leads and admins",
            ));
        }
        let decision = decision.validated()?;
        let mut order = self.cached_order(id)?;
        order.decide_refund(&decision, now_ms(), &agent.name)?;
        self.queue_order_change(
            &order,
            "refund_decision",
            &RefundVerdict {
                id: id.to_owned(),
                decision,
            },
        )?;
        Ok(order)
    }

    /// The server's copy after a delivered change (unless another change of
    /// that order is still queued) and the row goes.
    pub fn complete_order(&self, client_id: &str, kind: &str, order: &Order) -> DeskResult<()> {
        self.complete_change(client_id, kind, &order.id, |tx| upsert_order(tx, order))
    }

    /// Puts the server's copy back after a refusal.
    pub fn restore_order(&self, order: &Order) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_order(&tx, order)?;
        tx.commit().map_err(storage)
    }
}
