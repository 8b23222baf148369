//! What an agent does to an order (COM-2) and a lead's refund decision
//! (TKT-3): at once in the cache, delivered through the outbox. Where its
//! parcel is (COM-3): asked of the carrier, the last answer kept for offline.

use fiido_desk_core::store::TrackingView;
use fiido_desk_core::sync::client::CallError;
use fiido_desk_core::views::ChangeNotice;
use fiido_desk_core::DeskError;
use fiido_protocol::model::Order;
use fiido_protocol::orders::{OrderAction, RefundDecision};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::ipc::StoreChanged;
use crate::session::AppState;

/// The open conversation's panel re-reads the order.
fn order_changed(app: &AppHandle) {
    let _ = StoreChanged(ChangeNotice {
        lists: true,
        ..Default::default()
    })
    .emit(app);
}

/// Changes the address or note of an order, urges its shipment, asks for a
/// refund or cancels it; refused at once when its status does not allow it.
#[tauri::command]
#[specta::specta]
pub async fn order_action(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    action: OrderAction,
) -> Result<Order, DeskError> {
    let order = state
        .with_session(|s| {
            let o = s.store.enqueue_order_action(&id, &action, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(o)
        })
        .await?;
    order_changed(&app);
    Ok(order)
}

/// A lead approves or rejects a refund waiting for approval.
#[tauri::command]
#[specta::specta]
pub async fn decide_refund(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    decision: RefundDecision,
) -> Result<Order, DeskError> {
    let order = state
        .with_session(|s| {
            let o = s
                .store
                .enqueue_refund_decision(&id, &decision, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(o)
        })
        .await?;
    order_changed(&app);
    Ok(order)
}

/// The parcel of an order: its scans, ETA (customs included) and any
/// exception, from the carrier; when the server or carrier cannot be
/// reached, the last answer kept (marked not live) if there is one.
#[tauri::command]
#[specta::specta]
pub async fn order_tracking(
    state: State<'_, AppState>,
    order_id: String,
) -> Result<TrackingView, DeskError> {
    let (store, client) = state
        .with_session(|s| Ok((s.store.clone(), s.client.clone())))
        .await?;
    match client.tracking(&order_id).await {
        Ok(tracking) => {
            let checked_at = fiido_desk_core::clock::now_ms();
            store.save_tracking(&order_id, &tracking, checked_at)?;
            Ok(TrackingView {
                tracking,
                checked_at,
                live: true,
            })
        }
        Err(CallError::Transient(reason)) => store
            .kept_tracking(&order_id)?
            .ok_or_else(|| CallError::Transient(reason).into()),
        Err(e) => Err(e.into()),
    }
}
