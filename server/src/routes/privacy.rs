//! Privacy requests (CUST-6): a lead or admin exports everything about a
//! customer (JSON, or a readable HTML page to hand over) and erases their
//! personal data on request; each is written to the audit log, which
//! admins read.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use fiido_protocol::model::Customer;
use fiido_protocol::privacy::{AuditEntry, CustomerExport, EraseReport, EraseRequest};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AdminOnly, Auth, LeadOrAdmin};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiQuery};

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_customer))
        .routes(routes!(erase_customer))
        .routes(routes!(audit_log))
}

/// The export's format.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum ExportFormat {
    #[default]
    Json,
    Html,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// `json` (default, machine-readable) or `html` (to hand to the customer).
    #[param(inline)]
    format: Option<ExportFormat>,
}

async fn visible_customer(
    state: &AppState,
    auth: &Auth<LeadOrAdmin>,
    id: &str,
) -> AppResult<Customer> {
    db::customers::visible_by_id(state.db.pool(), &auth.scope, id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))
}

/// Everything kept about a customer: profile, channel addresses,
/// conversations with every message, orders, tickets and ratings.
#[utoipa::path(get, path = "/api/v1/customers/{id}/export", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path), ExportQuery),
    responses(
        (status = 200, body = CustomerExport, description = "JSON, or text/html with format=html"),
        (status = 400, description = "validation_failed (format)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins only", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn export_customer(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> AppResult<Response> {
    let customer = visible_customer(&state, &auth, &id).await?;
    let parts = db::privacy::export(state.db.pool(), &customer).await?;
    let format = query.format.unwrap_or_default();
    let mut w = state.db.begin_write().await?;
    let detail = match format {
        ExportFormat::Json => "json",
        ExportFormat::Html => "html",
    };
    db::privacy::audit(
        &mut w,
        &auth.agent.id,
        "customer_exported",
        &customer.id,
        detail,
    )
    .await?;
    let exported_at = w.now;
    w.commit().await?;
    let export = CustomerExport {
        exported_at,
        customer,
        addresses: parts.addresses,
        conversations: parts.conversations,
        orders: parts.orders,
        tickets: parts.tickets,
        ratings: parts.ratings,
    };
    let name = format!("customer-{}.{detail}", export.customer.id);
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(match format {
        ExportFormat::Json => {
            ([(header::CONTENT_DISPOSITION, disposition)], Json(export)).into_response()
        }
        ExportFormat::Html => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            crate::privacy_page::render(&export),
        )
            .into_response(),
    })
}

/// Erases a customer's personal data on request (GDPR Art. 17): their
/// messages and files, name, addresses and notes, here and — through the
/// `customer_erased` event — in every desk's cache. Orders stay for the
/// books, without address or notes. Written to the audit log.
#[utoipa::path(post, path = "/api/v1/customers/{id}/erase", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = EraseRequest,
    responses(
        (status = 200, body = EraseReport),
        (status = 400, description = "validation_failed (mode, reason)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins only", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn erase_customer(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<EraseRequest>,
) -> AppResult<Json<EraseReport>> {
    let reason = request.validate()?;
    let customer = visible_customer(&state, &auth, &id).await?;
    let mut w = state.db.begin_write().await?;
    let report = db::privacy::erase(&mut w, &customer, request.mode).await?;
    let detail = format!(
        "{}: {} conversation(s), {} message(s); reason: {reason}",
        crate::db::codec::enum_to_text(&request.mode),
        report.conversations,
        report.messages
    );
    db::privacy::audit(
        &mut w,
        &auth.agent.id,
        "customer_erased",
        &customer.id,
        &detail,
    )
    .await?;
    w.commit().await?;
    state.db.reclaim_erased().await?;
    Ok(Json(report))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// 1..=500, default 100.
    limit: Option<u32>,
}

/// Who exported or erased whose data, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "customers", security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = Vec<AuditEntry>),
        (status = 400, description = "validation_failed (limit)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: admins only", body = fiido_protocol::ErrorBody),
    ))]
async fn audit_log(
    State(state): State<AppState>,
    _auth: Auth<AdminOnly>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    let limit = i64::from(fiido_protocol::validate::page_limit(query.limit)?);
    Ok(Json(db::privacy::audit_log(state.db.pool(), limit).await?))
}
