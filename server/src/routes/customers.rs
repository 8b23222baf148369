//! Customers (CUST-1).

use axum::extract::{Path, State};
use axum::Json;
use fiido_protocol::api::{CustomerPatch, Page};
use fiido_protocol::events::EventData;
use fiido_protocol::model::{Customer, Role};
use fiido_protocol::{validate, ApiError, ErrorCode};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{next_cursor, PageQuery};
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::extract::{ApiJson, ApiQuery};

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers))
        .routes(routes!(get_customer, patch_customer))
}

/// Filters of the customer list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CustomerFilter {
    store_id: Option<String>,
}

/// The customers of the caller's stores, paged by id.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", security(("bearer" = [])),
    params(PageQuery, CustomerFilter),
    responses(
        (status = 200, body = Page<Customer>),
        (status = 400, description = "validation_failed (limit, cursor)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_customers(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
    ApiQuery(filter): ApiQuery<CustomerFilter>,
) -> AppResult<Json<Page<Customer>>> {
    let (after, limit) = page.resolve()?;
    let items = db::customers::visible_page(
        state.db.pool(),
        &auth.scope,
        filter.store_id.as_deref(),
        &after,
        limit,
    )
    .await?;
    let next_cursor = next_cursor(&items, limit, |c| &c.id);
    Ok(Json(Page { items, next_cursor }))
}

/// One customer; 404 when in a store the caller does not serve.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Customer),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found (also for another store's customer)", body = fiido_protocol::ErrorBody),
    ))]
async fn get_customer(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Json<Customer>> {
    db::customers::visible_by_id(state.db.pool(), &auth.scope, &id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found("customer"))
}

/// Changes a customer's VIP level or tags (CUST-4). Leads and admins only;
/// every desk of the store gets the change as an event.
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers", security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body = CustomerPatch,
    responses(
        (status = 200, body = Customer),
        (status = 400, description = "validation_failed (vip_level 0..=5, tags)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: the VIP level is for leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn patch_customer(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<CustomerPatch>,
) -> AppResult<Json<Customer>> {
    if patch.vip_level.is_some() && auth.agent.role == Role::Agent {
        return Err(AppError::Api(ApiError::new(
            ErrorCode::Forbidden,
            "the VIP level is set by leads and admins",
        )));
    }
    if let Some(level) = patch.vip_level {
        if !(0..=5).contains(&level) {
            return Err(AppError::Api(ApiError::field(
                ErrorCode::ValidationFailed,
                "vip_level",
                "the VIP level is 0 (none) to 5",
            )));
        }
    }
    let tags = patch.tags.as_deref().map(validate::tags).transpose()?;
    let mut customer = db::customers::visible_by_id(state.db.pool(), &auth.scope, &id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    customer.vip_level = patch.vip_level.unwrap_or(customer.vip_level);
    if let Some(tags) = tags {
        customer.tags = tags;
    }
    customer.blocked = patch.blocked.unwrap_or(customer.blocked);
    let mut w = state.db.begin_write().await?;
    db::customers::update_profile(
        w.conn(),
        &customer.id,
        customer.vip_level,
        &customer.tags,
        customer.blocked,
    )
    .await?;
    let store = customer.store_id.clone();
    w.append(
        Some(&store),
        None,
        None,
        EventData::CustomerUpserted {
            customer: customer.clone(),
        },
    )
    .await?;
    w.commit().await?;
    Ok(Json(customer))
}
