//! After-sales tickets (TKT-1, TKT-2): the board reads the cache; opening,
//! resolving and assigning go through the outbox.

use fiido_desk_core::store::TicketListFilter;
use fiido_desk_core::views::ChangeNotice;
use fiido_desk_core::DeskError;
use fiido_protocol::tickets::{NewTicket, Ticket, TicketKind, TicketPatch, TicketTemplate};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::ipc::StoreChanged;
use crate::session::AppState;

fn tickets_changed(app: &AppHandle) {
    let _ = StoreChanged(ChangeNotice {
        tickets: true,
        ..Default::default()
    })
    .emit(app);
}

/// The tickets of the agent's stores, the most urgent first.
#[tauri::command]
#[specta::specta]
pub async fn tickets(
    state: State<'_, AppState>,
    filter: TicketListFilter,
) -> Result<Vec<Ticket>, DeskError> {
    state.with_session(|s| s.store.tickets(&filter)).await
}

/// Each kind with its SLA and template, in the order to offer them.
#[tauri::command]
#[specta::specta]
pub fn ticket_templates() -> Vec<TicketTemplate> {
    TicketKind::ALL.iter().map(|k| k.template()).collect()
}

/// Opens a ticket (works offline; numbered when the server has it).
#[tauri::command]
#[specta::specta]
pub async fn create_ticket(
    app: AppHandle,
    state: State<'_, AppState>,
    ticket: NewTicket,
) -> Result<Ticket, DeskError> {
    let ticket = state
        .with_session(|s| {
            let t = s.store.enqueue_new_ticket(&ticket, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(t)
        })
        .await?;
    tickets_changed(&app);
    Ok(ticket)
}

/// Resolves, reopens or assigns a ticket.
#[tauri::command]
#[specta::specta]
pub async fn update_ticket(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    patch: TicketPatch,
) -> Result<Ticket, DeskError> {
    let ticket = state
        .with_session(|s| {
            let t = s.store.enqueue_ticket_patch(&id, &patch)?;
            s.engine.outbox_changed();
            Ok(t)
        })
        .await?;
    tickets_changed(&app);
    Ok(ticket)
}
