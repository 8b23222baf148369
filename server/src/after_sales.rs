//! After-sales tickets (TKT-1, TKT-4, AUTO-5): opening one, and the sweep
//! that tells the desks once when a ticket's deadline is near and once when
//! it passed unresolved.

use std::time::Duration;

use fiido_protocol::events::EventData;
use fiido_protocol::tickets::{NewTicket, SlaStage, Ticket, TicketStatus};

use crate::app::AppState;
use crate::chat::new_id;
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use fiido_protocol::ErrorCode;

/// How often the SLA sweep looks.
const EVERY: Duration = Duration::from_secs(1);

/// Opens a validated ticket in the write transaction and tells the desks.
pub async fn open_ticket(w: &mut WriteTx, new: NewTicket, created_by: &str) -> AppResult<Ticket> {
    let id = new.id.clone().unwrap_or_else(new_id);
    if db::tickets::exists(w.conn(), &id).await? {
        return Err(AppError::api(
            ErrorCode::Conflict,
            "a ticket with this id exists already",
        ));
    }
    let number = db::tickets::next_number(w.conn()).await?;
    let ticket = Ticket {
        id,
        number,
        store_id: new.store_id,
        kind: new.kind,
        status: TicketStatus::Open,
        title: new.title,
        description: new.description,
        customer_id: new.customer_id,
        conversation_id: new.conversation_id,
        order_id: new.order_id,
        product_sku: new.product_sku,
        tracking_no: new.tracking_no,
        assignee_id: None,
        created_by: created_by.to_owned(),
        created_at: w.now,
        updated_at: w.now,
        due_at: w.now + new.kind.sla_ms(),
        reminded_at: None,
        breached_at: None,
        resolved_at: None,
    };
    save_and_tell(w, &ticket).await?;
    Ok(ticket)
}

/// Stores a ticket and appends its `ticket_upserted`.
pub async fn save_and_tell(w: &mut WriteTx, ticket: &Ticket) -> AppResult<()> {
    db::tickets::save(w.conn(), ticket).await?;
    w.append(
        Some(&ticket.store_id),
        ticket.conversation_id.as_deref(),
        None,
        EventData::TicketUpserted {
            ticket: ticket.clone(),
        },
    )
    .await?;
    Ok(())
}

/// Runs the SLA sweep until shutdown.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.clone();
    loop {
        if let Err(error) = tell_due(&state).await {
            tracing::warn!(%error, "ticket deadlines");
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Marks each due reminder and breach once, with its event, in one write
/// (under the writer lock, so two instances never tell it twice).
async fn tell_due(state: &AppState) -> AppResult<()> {
    if db::tickets::sla_due(state.db.pool(), crate::clock::now_ms())
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let mut w = state.db.begin_write().await?;
    let now = w.now;
    for mut ticket in db::tickets::sla_due(w.conn(), now).await? {
        let mut stages = Vec::new();
        if ticket.reminded_at.is_none() && ticket.remind_at() <= now {
            ticket.reminded_at = Some(now);
            stages.push(SlaStage::Reminder);
        }
        if ticket.breached_at.is_none() && ticket.due_at <= now {
            ticket.breached_at = Some(now);
            stages.push(SlaStage::Breached);
        }
        db::tickets::save(w.conn(), &ticket).await?;
        for stage in stages {
            w.append(
                Some(&ticket.store_id),
                ticket.conversation_id.as_deref(),
                None,
                EventData::TicketSla {
                    ticket: ticket.clone(),
                    stage,
                },
            )
            .await?;
        }
    }
    w.commit().await
}
