//! After-sales tickets (TKT-1, TKT-2, TKT-4) and a parcel's tracking
//! (COM-3). Opening, resolving and assigning are idempotent under an
//! `Idempotency-Key` and are `ticket_upserted` events.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use fiido_protocol::api::Page;
use fiido_protocol::tickets::{NewTicket, Ticket, TicketKind, TicketPatch, TicketStatus, Tracking};
use fiido_protocol::{ApiError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{act_once, next_cursor, PageQuery};
use crate::after_sales::{open_ticket, save_and_tell};
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::carriers::Carrier;
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiQuery};
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tickets, create_ticket))
        .routes(routes!(get_ticket, patch_ticket))
        .routes(routes!(order_tracking))
}

/// Filters of the ticket list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct TicketQuery {
    status: Option<TicketStatus>,
    kind: Option<TicketKind>,
}

/// The tickets of the caller's stores, optionally by status and kind.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", security(("bearer" = [])),
    params(PageQuery, TicketQuery),
    responses(
        (status = 200, body = Page<Ticket>),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_tickets(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
    ApiQuery(query): ApiQuery<TicketQuery>,
) -> AppResult<Json<Page<Ticket>>> {
    let (after, limit) = page.resolve()?;
    let filter = db::tickets::TicketFilter {
        status: query.status,
        kind: query.kind,
    };
    let items =
        db::tickets::visible_page(state.db.pool(), &auth.scope, &filter, &after, limit).await?;
    let next_cursor = next_cursor(&items, limit, |t| &t.id);
    Ok(Json(Page { items, next_cursor }))
}

/// One ticket, by id or number.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or number")),
    responses(
        (status = 200, body = Ticket),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_ticket(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Json<Ticket>> {
    db::tickets::visible(state.db.pool(), &auth.scope, &id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found("ticket"))
}

fn bad_link(field: &str, what: &str) -> AppError {
    AppError::Api(ApiError::field(
        ErrorCode::ValidationFailed,
        field,
        format!("no such {what} in this store"),
    ))
}

/// Opens a ticket linked to a conversation, order, product or parcel; its
/// SLA deadline follows from its kind.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    request_body = NewTicket,
    responses(
        (status = 201, body = Ticket),
        (status = 400, description = "validation_failed (title, store_id, order_id, conversation_id)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 413, description = "too_large (title or description)", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn create_ticket(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    ApiJson(new): ApiJson<NewTicket>,
) -> AppResult<Response> {
    let checked = new.validated()?;
    if !auth.scope.sees_store(Some(&checked.store_id)) {
        return Err(bad_link("store_id", "store you serve"));
    }
    act_once(
        &state,
        &auth.principal(),
        &key,
        "POST /api/v1/tickets",
        &new,
        StatusCode::CREATED,
        async |w: &mut WriteTx| {
            // Admins see every store: one that does not exist is still refused.
            if db::stores::by_id(w.conn(), &checked.store_id)
                .await?
                .is_none()
            {
                return Err(bad_link("store_id", "store you serve"));
            }
            if let Some(customer_id) = &checked.customer_id {
                let customer = db::customers::by_id(state.db.pool(), customer_id).await?;
                if customer.is_none_or(|c| c.store_id != checked.store_id) {
                    return Err(bad_link("customer_id", "customer"));
                }
            }
            if let Some(order_id) = &checked.order_id {
                let order = db::catalogue::visible_order(w.conn(), &auth.scope, order_id).await?;
                if order.is_none_or(|o| o.store_id != checked.store_id) {
                    return Err(bad_link("order_id", "order"));
                }
            }
            if let Some(conversation_id) = &checked.conversation_id {
                let c = db::conversations::by_id_in(w.conn(), conversation_id).await?;
                if c.is_none_or(|c| c.store_id != checked.store_id) {
                    return Err(bad_link("conversation_id", "conversation"));
                }
            }
            open_ticket(w, checked, &auth.agent.name).await
        },
    )
    .await
}

/// Resolves or reopens a ticket, or assigns it (`""` unassigns).
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", security(("bearer" = [])),
    params(("id" = String, Path, description = "Ticket id or number"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat returns the first response")),
    request_body = TicketPatch,
    responses(
        (status = 200, body = Ticket),
        (status = 400, description = "validation_failed (assignee_id)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn patch_ticket(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<TicketPatch>,
) -> AppResult<Response> {
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("PATCH /api/v1/tickets/{id}"),
        &patch,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            let mut ticket = db::tickets::visible(w.conn(), &auth.scope, &id)
                .await?
                .ok_or_else(|| AppError::not_found("ticket"))?;
            if let Some(assignee) = &patch.assignee_id {
                if assignee.is_empty() {
                    ticket.assignee_id = None;
                } else {
                    let serving = db::agents::serving(state.db.pool(), &ticket.store_id).await?;
                    if !serving.iter().any(|a| &a.id == assignee) {
                        return Err(bad_link("assignee_id", "colleague"));
                    }
                    ticket.assignee_id = Some(assignee.clone());
                }
            }
            if let Some(status) = patch.status {
                ticket.resolved_at = (status == TicketStatus::Resolved).then_some(w.now);
                ticket.status = status;
            }
            ticket.updated_at = w.now;
            save_and_tell(w, &ticket).await?;
            Ok(ticket)
        },
    )
    .await
}

/// Where an order's parcel is (COM-3): scans, ETA with customs, exception.
#[utoipa::path(get, path = "/api/v1/orders/{id}/tracking", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses(
        (status = 200, body = Tracking),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found: no such order, it has no parcel yet, or its carrier does not know the number", body = fiido_protocol::ErrorBody),
        (status = 502, description = "upstream_unavailable: the carrier's tracking API failed or refused the server's keys; retry later", body = fiido_protocol::ErrorBody),
    ))]
async fn order_tracking(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Json<Tracking>> {
    let order = db::catalogue::visible_order(state.db.pool(), &auth.scope, &id)
        .await?
        .ok_or_else(|| AppError::not_found("order"))?;
    let customer = db::customers::by_id(state.db.pool(), &order.customer_id).await?;
    let destination = customer.and_then(|c| c.country).unwrap_or_default();
    let query = crate::shipping::query_of(&order, &destination)
        .ok_or_else(|| AppError::not_found("parcel"))?;
    let tracking = state.carriers.track(&query, crate::clock::now_ms()).await?;
    Ok(Json(tracking))
}
