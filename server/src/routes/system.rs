//! Health, the OpenAPI document, and the files the customer side loads.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::Json;
use fiido_protocol::api::Health;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::db;
use crate::error::AppResult;

static WIDGET_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/widget.js"));
static DEMO_SHOP: &str = include_str!("../../../assets/demo/shop.html");

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(openapi_json))
        .routes(routes!(widget_js))
        .routes(routes!(demo_shop))
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/healthz", tag = "system",
    responses((status = 200, body = Health), (status = 500, body = fiido_protocol::ErrorBody)))]
async fn healthz(State(state): State<AppState>) -> AppResult<Json<Health>> {
    db::ping(state.db.pool()).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "system",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API")))]
async fn openapi_json(State(state): State<AppState>) -> impl IntoResponse {
    Json(state.openapi.get().cloned())
}

/// The customer chat widget, one script a store embeds with one tag.
#[utoipa::path(get, path = "/widget.js", tag = "system",
    responses((status = 200, description = "JavaScript", content_type = "text/javascript")))]
async fn widget_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        WIDGET_JS,
    )
}

/// A demo shop page that embeds the widget, for demos and the browser test.
#[utoipa::path(get, path = "/demo/shop", tag = "system",
    responses((status = 200, description = "HTML page", content_type = "text/html")))]
async fn demo_shop() -> Html<&'static str> {
    Html(DEMO_SHOP)
}
