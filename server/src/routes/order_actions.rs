//! What an agent does to an order (COM-2) and a lead's refund decision
//! (TKT-3). The state machine is `fiido_protocol::orders`: an action the
//! order's state does not allow is refused with `invalid_transition`. Each
//! action is idempotent under an `Idempotency-Key` (the desk's outbox sends
//! one) and is an `order_upserted` event, so every desk sees the change.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use fiido_protocol::events::EventData;
use fiido_protocol::model::Order;
use fiido_protocol::model::{OrderStatus, OrderStep};
use fiido_protocol::orders::{NewOrder, OrderAction, RefundDecision};
use fiido_protocol::{ApiError, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::act_once;
use crate::app::AppState;
use crate::auth::{AdminOnly, AnyRole, Auth, LeadOrAdmin};
use crate::db::{self, Scope, WriteTx};
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_order))
        .routes(routes!(order_action))
        .routes(routes!(refund_decision))
}

/// The shop reports an order it took (COM-1): placed now, for a customer
/// of one of the stores; every desk hears of it and statistics count the
/// conversion it completes. For the store's integration account (admin).
#[utoipa::path(post, path = "/api/v1/orders", tag = "catalogue", security(("bearer" = [])),
    request_body = NewOrder,
    responses(
        (status = 201, body = Order),
        (status = 400, description = "validation_failed (number, items, customer_id)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: admins only", body = fiido_protocol::ErrorBody),
        (status = 409, description = "conflict: an order with this number exists", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large (shipping_address)", body = fiido_protocol::ErrorBody),
    ))]
async fn report_order(
    State(state): State<AppState>,
    _auth: Auth<AdminOnly>,
    ApiJson(new): ApiJson<NewOrder>,
) -> AppResult<(StatusCode, axum::Json<Order>)> {
    let total = new.validated()?;
    let customer = db::customers::by_id(state.db.pool(), &new.customer_id)
        .await?
        .ok_or_else(|| {
            ApiError::field(
                ErrorCode::ValidationFailed,
                "customer_id",
                "no such customer",
            )
        })?;
    let mut w = state.db.begin_write().await?;
    if db::catalogue::visible_order(w.conn(), &Scope::everyone(), &new.number)
        .await?
        .is_some()
    {
        return Err(
            ApiError::new(ErrorCode::Conflict, format!("order {} exists", new.number)).into(),
        );
    }
    let now = w.now;
    let order = Order {
        id: crate::chat::new_id(),
        number: new.number,
        store_id: customer.store_id.clone(),
        customer_id: customer.id,
        status: OrderStatus::Placed,
        items: new.items,
        total,
        carrier: None,
        tracking_no: None,
        created_at: now,
        updated_at: now,
        shipping_address: new.shipping_address,
        note: String::new(),
        timeline: vec![OrderStep {
            status: OrderStatus::Placed,
            at: now,
            by: None,
        }],
        urged_at: None,
        refund: None,
        review: None,
    };
    db::catalogue::insert_order(w.conn(), &order).await?;
    w.append(
        Some(&order.store_id),
        None,
        None,
        EventData::OrderUpserted {
            order: order.clone(),
        },
    )
    .await?;
    w.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(order)))
}

/// Reads the order inside the write, applies `change`, stores it and tells
/// every desk.
async fn change_order(
    w: &mut WriteTx,
    scope: &Scope,
    id: &str,
    change: impl FnOnce(&mut Order, i64) -> AppResult<()>,
) -> AppResult<Order> {
    let mut order = db::catalogue::visible_order(w.conn(), scope, id)
        .await?
        .ok_or_else(|| AppError::not_found("order"))?;
    change(&mut order, w.now)?;
    db::catalogue::save_order(w.conn(), &order).await?;
    w.append(
        Some(&order.store_id),
        None,
        None,
        EventData::OrderUpserted {
            order: order.clone(),
        },
    )
    .await?;
    Ok(order)
}

/// Changes the address or the note, urges shipment, asks for a refund or
/// cancels. Refunds above the approval threshold wait for a lead.
#[utoipa::path(post, path = "/api/v1/orders/{id}/actions", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    request_body = OrderAction,
    responses(
        (status = 200, body = Order),
        (status = 400, description = "validation_failed (address, note, reason)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 409, description = "invalid_transition: the order's status does not allow it", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large (text over its limit)", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn order_action(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(action): ApiJson<OrderAction>,
) -> AppResult<Response> {
    let checked = action.validated()?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("POST /api/v1/orders/{id}/actions"),
        &action,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            change_order(w, &auth.scope, &id, |order, now| {
                Ok(order.apply(&checked, now, &auth.agent.name)?)
            })
            .await
        },
    )
    .await
}

/// A lead approves or rejects a refund waiting for approval (TKT-3).
#[utoipa::path(post, path = "/api/v1/orders/{id}/refund-decision", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    request_body = RefundDecision,
    responses(
        (status = 200, body = Order),
        (status = 400, description = "validation_failed (a rejection needs a note)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins decide", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 409, description = "invalid_transition: no refund waits for approval", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large (note over its limit)", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn refund_decision(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<RefundDecision>,
) -> AppResult<Response> {
    let checked = decision.validated()?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("POST /api/v1/orders/{id}/refund-decision"),
        &decision,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            change_order(w, &auth.scope, &id, |order, now| {
                Ok(order.decide_refund(&checked, now, &auth.agent.name)?)
            })
            .await
        },
    )
    .await
}
