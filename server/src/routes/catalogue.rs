//! Orders, products, quick replies and knowledge articles, read-only for now.

use axum::extract::{Path, State};
use axum::Json;
use fiido_protocol::api::Page;
use fiido_protocol::model::{Article, Order, Product, QuickReply};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{next_cursor, PageQuery};
use crate::app::AppState;
use crate::auth::{AnyRole, Auth};
use crate::db::catalogue;
use crate::error::{AppError, AppResult};
use crate::extract::ApiQuery;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orders))
        .routes(routes!(get_order))
        .routes(routes!(list_products))
        .routes(routes!(list_quick_replies))
        .routes(routes!(list_articles))
}

/// Filters of the order list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OrderFilter {
    customer_id: Option<String>,
}

/// Orders of the caller's stores, optionally of one customer.
#[utoipa::path(get, path = "/api/v1/orders", tag = "catalogue", security(("bearer" = [])),
    params(PageQuery, OrderFilter),
    responses(
        (status = 200, body = Page<Order>),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_orders(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
    ApiQuery(filter): ApiQuery<OrderFilter>,
) -> AppResult<Json<Page<Order>>> {
    let (after, limit) = page.resolve()?;
    let items = catalogue::orders_page(
        state.db.pool(),
        &auth.scope,
        filter.customer_id.as_deref(),
        &after,
        limit,
    )
    .await?;
    let next_cursor = next_cursor(&items, limit, |o| &o.id);
    Ok(Json(Page { items, next_cursor }))
}

/// One order, by id or by its number (e.g. `FD-100234`).
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id or number")),
    responses(
        (status = 200, body = Order),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn get_order(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    Path(id): Path<String>,
) -> AppResult<Json<Order>> {
    catalogue::visible_order(state.db.pool(), &auth.scope, &id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found("order"))
}

/// The product catalogue, by SKU.
#[utoipa::path(get, path = "/api/v1/products", tag = "catalogue", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<Product>),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_products(
    State(state): State<AppState>,
    _auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<Page<Product>>> {
    let (after, limit) = page.resolve()?;
    let items = catalogue::products_page(state.db.pool(), &after, limit).await?;
    let next_cursor = next_cursor(&items, limit, |p| &p.sku);
    Ok(Json(Page { items, next_cursor }))
}

/// Team replies of the caller's stores and the caller's personal replies.
#[utoipa::path(get, path = "/api/v1/quick-replies", tag = "catalogue", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<QuickReply>),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_quick_replies(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<Page<QuickReply>>> {
    let (after, limit) = page.resolve()?;
    let items = catalogue::quick_replies_page(state.db.pool(), &auth.scope, &after, limit).await?;
    let next_cursor = next_cursor(&items, limit, |q| &q.id);
    Ok(Json(Page { items, next_cursor }))
}

/// Knowledge articles; drafts only for leads and admins.
#[utoipa::path(get, path = "/api/v1/articles", tag = "catalogue", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<Article>),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn list_articles(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(page): ApiQuery<PageQuery>,
) -> AppResult<Json<Page<Article>>> {
    let (after, limit) = page.resolve()?;
    let items = catalogue::articles_page(state.db.pool(), &auth.scope, &after, limit).await?;
    let next_cursor = next_cursor(&items, limit, |a| &a.id);
    Ok(Json(Page { items, next_cursor }))
}
