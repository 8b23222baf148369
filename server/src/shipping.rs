//! Following shipped orders with their carrier (COM-3): a sweep asks the
//! carrier (`AppState::carriers`) about every shipped order; a delivered
//! parcel makes the order delivered; an exception (stuck, returned) opens a
//! logistics ticket and tells the desks, once. Runs with `--track-shipments`.

use std::collections::HashMap;
use std::time::Duration;

use fiido_protocol::events::EventData;
use fiido_protocol::model::{Order, OrderStatus, OrderStep};
use fiido_protocol::tickets::{NewTicket, ShipmentException, TicketKind, Tracking};

use crate::after_sales::open_ticket;
use crate::app::AppState;
use crate::carriers::{Carrier, CarrierError, ShipmentQuery};
use crate::db::{self, Scope, WriteTx};
use crate::error::AppResult;

/// How often the sweep asks the carriers.
const EVERY: Duration = Duration::from_secs(1);
/// Who the sweep acts as, in timelines and tickets.
const CARRIER: &str = "Carrier";

/// What the carrier is asked about an order, when it has a parcel.
pub fn query_of(order: &Order, destination: &str) -> Option<ShipmentQuery> {
    let shipped_at = order
        .timeline
        .iter()
        .rev()
        .find(|s| s.status == OrderStatus::Shipped)
        .map_or(order.updated_at, |s| s.at);
    Some(ShipmentQuery {
        carrier: order.carrier.clone()?,
        tracking_no: order.tracking_no.clone()?,
        shipped_at,
        destination: destination.to_owned(),
    })
}

/// How long a real carrier's answer about a parcel holds before the sweep
/// asks again: their APIs have daily quotas (the simulated carrier is asked
/// every sweep, so the demo and tests move at once).
pub const REAL_CARRIER_EVERY_MS: i64 = 30 * 60 * 1000;

/// Runs until shutdown.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.clone();
    let mut asked = HashMap::new();
    loop {
        if let Err(error) = sweep(&state, &mut asked).await {
            tracing::warn!(%error, "following shipments");
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Asks about every shipped order; `asked` holds when each order's real
/// carrier was last asked.
async fn sweep(state: &AppState, asked: &mut HashMap<String, i64>) -> AppResult<()> {
    let everyone = Scope::everyone();
    let mut conn = state.db.pool().acquire().await?;
    let ids = db::tickets::shipments_to_check(&mut conn).await?;
    drop(conn);
    let now = crate::clock::now_ms();
    for id in ids {
        let Some(order) = db::catalogue::visible_order(state.db.pool(), &everyone, &id).await?
        else {
            continue;
        };
        let customer = db::customers::by_id(state.db.pool(), &order.customer_id).await?;
        let destination = customer.and_then(|c| c.country).unwrap_or_default();
        let Some(query) = query_of(&order, &destination) else {
            continue;
        };
        if state.carriers.uses_real_api(&query.carrier) {
            if asked
                .get(&id)
                .is_some_and(|at| now - at < REAL_CARRIER_EVERY_MS)
            {
                continue;
            }
            asked.insert(id.clone(), now);
        }
        let tracking = match state.carriers.track(&query, now).await {
            Ok(tracking) => tracking,
            Err(CarrierError::Unknown(_)) => continue,
            Err(error) => {
                tracing::warn!(%error, order = %id, "asking the carrier");
                continue;
            }
        };
        if tracking.exception.is_some() || tracking.delivered_at.is_some() {
            let mut w = state.db.begin_write().await?;
            settle(&mut w, &everyone, &id, &tracking).await?;
            w.commit().await?;
        }
    }
    Ok(())
}

/// Acts on a delivered or failed parcel, re-reading the order inside the
/// write so two instances never act twice.
async fn settle(w: &mut WriteTx, everyone: &Scope, id: &str, tracking: &Tracking) -> AppResult<()> {
    let Some(mut order) = db::catalogue::visible_order(w.conn(), everyone, id).await? else {
        return Ok(());
    };
    if order.status != OrderStatus::Shipped {
        return Ok(());
    }
    if let Some(exception) = tracking.exception {
        if db::tickets::shipment_exception(w.conn(), id)
            .await?
            .is_some()
        {
            return Ok(());
        }
        let what = match exception {
            ShipmentException::Stuck => "Parcel stuck in customs",
            ShipmentException::Returned => "Parcel returned to sender",
        };
        let last_scan = tracking
            .checkpoints
            .last()
            .map(|c| format!("{} ({})", c.description, c.location))
            .unwrap_or_default();
        let conversation_id =
            db::conversations::latest_of_customer(w.conn(), &order.customer_id).await?;
        let ticket = open_ticket(
            w,
            NewTicket {
                id: None,
                store_id: order.store_id.clone(),
                kind: TicketKind::Logistics,
                title: format!("{what}: {}", order.number),
                description: format!(
                    "{} {} reports: {last_scan}. Contact the customer and the carrier.",
                    tracking.carrier, tracking.tracking_no
                ),
                customer_id: Some(order.customer_id.clone()),
                conversation_id,
                order_id: Some(order.id.clone()),
                product_sku: order.items.first().map(|i| i.sku.clone()),
                tracking_no: Some(tracking.tracking_no.clone()),
            },
            CARRIER,
        )
        .await?;
        let kind = match exception {
            ShipmentException::Stuck => "stuck",
            ShipmentException::Returned => "returned",
        };
        let now = w.now;
        db::tickets::record_shipment(w.conn(), id, Some(kind), Some(&ticket.id), now).await?;
        w.append(
            Some(&order.store_id),
            ticket.conversation_id.as_deref(),
            None,
            EventData::ShipmentException {
                order_id: order.id.clone(),
                order_number: order.number.clone(),
                tracking_no: tracking.tracking_no.clone(),
                exception,
                ticket_id: ticket.id,
            },
        )
        .await?;
    } else if let Some(delivered_at) = tracking.delivered_at {
        order.status = OrderStatus::Delivered;
        order.timeline.push(OrderStep {
            status: OrderStatus::Delivered,
            at: delivered_at,
            by: Some(CARRIER.to_owned()),
        });
        order.updated_at = w.now;
        db::catalogue::save_order(w.conn(), &order).await?;
        let store_id = order.store_id.clone();
        w.append(
            Some(&store_id),
            None,
            None,
            EventData::OrderUpserted { order },
        )
        .await?;
    }
    Ok(())
}
