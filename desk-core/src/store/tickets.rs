//! After-sales tickets in the desk (TKT-1, TKT-2): listed from the cache,
//! opened and resolved at once and delivered through the outbox. A new
//! ticket keeps the id the desk gave it; its number comes with the server's
//! copy.

use fiido_protocol::model::{Agent, Role};
use fiido_protocol::tickets::{NewTicket, Ticket, TicketKind, TicketPatch, TicketStatus};
use fiido_protocol::{ApiError, ErrorCode};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::apply::upsert_ticket;
use super::outbox::queue;
use super::{now_ms, Store};
use crate::error::{storage, DeskResult};

/// The number a ticket shows until the server numbers it.
pub const UNNUMBERED: &str = "New";

/// A queued change of one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketUpdate {
    pub id: String,
    pub patch: TicketPatch,
}

/// Which tickets the board shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TicketListFilter {
    pub status: Option<TicketStatus>,
    pub kind: Option<TicketKind>,
}

impl Store {
    /// Tickets by filter: open ones by deadline (the most urgent first),
    /// resolved ones newest first.
    pub fn tickets(&self, filter: &TicketListFilter) -> DeskResult<Vec<Ticket>> {
        let mut tickets: Vec<Ticket> = self.json_rows("SELECT json FROM tickets")?;
        tickets.retain(|t| {
            filter.status.is_none_or(|s| t.status == s) && filter.kind.is_none_or(|k| t.kind == k)
        });
        tickets.sort_by(|a, b| match (a.status, b.status) {
            (TicketStatus::Open, TicketStatus::Open) => a.due_at.cmp(&b.due_at),
            (TicketStatus::Open, _) => std::cmp::Ordering::Less,
            (_, TicketStatus::Open) => std::cmp::Ordering::Greater,
            _ => b.updated_at.cmp(&a.updated_at),
        });
        Ok(tickets)
    }

    fn save_ticket_and_queue(
        &self,
        ticket: &Ticket,
        kind: &str,
        payload: &impl Serialize,
    ) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_ticket(&tx, ticket)?;
        queue(&tx, kind, None, payload)?;
        tx.commit().map_err(storage)
    }

    /// Opens a ticket: in the cache at once (numbered "New"), then sent.
    pub fn enqueue_new_ticket(&self, new: &NewTicket, agent: &Agent) -> DeskResult<Ticket> {
        let mut new = new.validated()?;
        if agent.role != Role::Admin && !agent.store_ids.contains(&new.store_id) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "store_id",
                "no such store you serve",
            ));
        }
        let id = uuid::Uuid::now_v7().to_string();
        new.id = Some(id.clone());
        let now = now_ms();
        let ticket = Ticket {
            id,
            number: UNNUMBERED.to_owned(),
            store_id: new.store_id.clone(),
            kind: new.kind,
            status: TicketStatus::Open,
            title: new.title.clone(),
            description: new.description.clone(),
            customer_id: new.customer_id.clone(),
            conversation_id: new.conversation_id.clone(),
            order_id: new.order_id.clone(),
            product_sku: new.product_sku.clone(),
            tracking_no: new.tracking_no.clone(),
            assignee_id: None,
            created_by: agent.name.clone(),
            created_at: now,
            updated_at: now,
            due_at: now + new.kind.sla_ms(),
            reminded_at: None,
            breached_at: None,
            resolved_at: None,
        };
        self.save_ticket_and_queue(&ticket, "create_ticket", &new)?;
        Ok(ticket)
    }

    /// Resolves, reopens or assigns a ticket, at once in the cache.
    pub fn enqueue_ticket_patch(&self, id: &str, patch: &TicketPatch) -> DeskResult<Ticket> {
        let mut ticket: Ticket = self
            .json_row("SELECT json FROM tickets WHERE id = ?1", id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that ticket is not here"))?;
        let now = now_ms();
        if let Some(status) = patch.status {
            ticket.status = status;
            ticket.resolved_at = (status == TicketStatus::Resolved).then_some(now);
        }
        if let Some(assignee) = &patch.assignee_id {
            ticket.assignee_id = (!assignee.is_empty()).then(|| assignee.clone());
        }
        ticket.updated_at = now;
        self.save_ticket_and_queue(
            &ticket,
            "patch_ticket",
            &TicketUpdate {
                id: id.to_owned(),
                patch: patch.clone(),
            },
        )?;
        Ok(ticket)
    }

    /// The server's copy after a delivered change (unless another change of
    /// that ticket is still queued) and the row goes.
    pub fn complete_ticket(&self, client_id: &str, kind: &str, ticket: &Ticket) -> DeskResult<()> {
        self.complete_change(client_id, kind, &ticket.id, |tx| upsert_ticket(tx, ticket))
    }

    /// Puts the server's copy back after a refusal, or drops a new ticket
    /// the server refused (the outbox row keeps what was typed).
    pub fn restore_ticket(&self, id: &str, server_copy: Option<&Ticket>) -> DeskResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        match server_copy {
            Some(t) => upsert_ticket(&tx, t)?,
            None => {
                tx.execute("DELETE FROM tickets WHERE id = ?1", params![id])
                    .map_err(storage)?;
            }
        }
        tx.commit().map_err(storage)
    }
}
