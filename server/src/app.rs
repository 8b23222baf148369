//! The application: shared state, the router with its layers, and the
//! OpenAPI document generated from the handlers.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock, RwLock};

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method};
use axum::Router;
use fiido_protocol::limits::JSON_BODY_MAX_BYTES;
use fiido_protocol::{ApiError, ErrorCode};
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::auth::rate_limit::LoginLimiter;
use crate::carriers::Carriers;
use crate::db::Db;
use crate::error::error_response;
use crate::routes;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub login_limiter: Arc<LoginLimiter>,
    /// Browser origins allowed to call the API (the stores' sites).
    pub origins: Arc<RwLock<HashSet<String>>>,
    /// Flips to true on shutdown so open sockets close and the server can exit.
    pub shutdown: watch::Receiver<bool>,
    /// The OpenAPI document, filled once the router is built.
    pub openapi: Arc<OnceLock<utoipa::openapi::OpenApi>>,
    /// Who is typing where (MSG-7), for the sockets.
    pub typing: crate::typing::TypingHub,
    /// The carriers parcels are tracked with (COM-3): real APIs where the
    /// server has keys, simulated otherwise.
    pub carriers: Arc<Carriers>,
    /// This process among the instances sharing the database (presence).
    pub instance_id: Arc<str>,
    /// How replies leave by e-mail and webhook, and the webhook's secret.
    pub channels: Arc<crate::channels::ChannelConfig>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Fiido Desk API", description = "The hosted API of Fiido Desk: agents, conversations, the event log and the customer widget. Every error answers `{\"error\":{\"code\",\"message\",\"field\"}}`."),
    modifiers(&BearerAuth),
    components(schemas(
        fiido_protocol::ws::AgentFrame,
        fiido_protocol::ws::WidgetFrame,
        fiido_protocol::ws::WidgetClientFrame,
        fiido_protocol::events::Event,
    )),
    tags(
        (name = "system", description = "Health, this document, the widget's files"),
        (name = "auth", description = "Agent sign-in"),
        (name = "stores", description = "Stores and the team"),
        (name = "conversations", description = "Conversations and messages"),
        (name = "customers", description = "Customers"),
        (name = "catalogue", description = "Orders, products, quick replies, articles"),
        (name = "sync", description = "Snapshot, event log and live events (DESIGN §3)"),
        (name = "widget", description = "The customer chat widget's API"),
        (name = "tickets", description = "After-sales tickets and their deadlines"),
        (name = "channels", description = "E-mail and social channels: the signed inbound webhook"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every route, with its OpenAPI description.
fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::system::routes())
        .merge(routes::auth::routes())
        .merge(routes::stores::routes())
        .merge(routes::settings::routes())
        .merge(routes::customers::routes())
        .merge(routes::conversations::routes())
        .merge(routes::catalogue::routes())
        .merge(routes::order_actions::routes())
        .merge(routes::tickets::routes())
        .merge(routes::stats::routes())
        .merge(routes::attachments::routes())
        .merge(routes::quick_replies::routes())
        .merge(routes::knowledge::routes())
        .merge(routes::usage::routes())
        .merge(routes::media::routes())
        .merge(routes::conversation_actions::routes())
        .merge(routes::routing::routes())
        .merge(routes::auto_replies::routes())
        .merge(routes::sync::routes())
        .merge(routes::widget::routes())
        .merge(routes::channels::routes())
        .merge(routes::privacy::routes())
}

/// The OpenAPI document, generated from the handlers; also written to
/// `docs/openapi.json`, from which the widget's TypeScript types are generated.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api_router().split_for_parts().1
}

/// Builds the router with every route and layer.
pub fn router(state: AppState) -> Router {
    let (router, api) = api_router().split_for_parts();
    let _ = state.openapi.set(api);

    let origins = state.origins.clone();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .ok()
                .and_then(|o| origins.read().ok().map(|set| set.contains(o)))
                .unwrap_or(false)
        }))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::AUTHORIZATION,
            axum::http::HeaderName::from_static("idempotency-key"),
        ]);

    router
        .fallback(|| async {
            error_response(ApiError::new(ErrorCode::NotFound, "there is no such route"))
        })
        .method_not_allowed_fallback(|| async {
            error_response(ApiError::new(
                ErrorCode::MethodNotAllowed,
                "this route does not take that method",
            ))
        })
        .layer(DefaultBodyLimit::max(JSON_BODY_MAX_BYTES))
        .layer(cors)
        .layer(CatchPanicLayer::custom(|_panic| {
            error_response(ApiError::new(
                ErrorCode::Internal,
                "the server hit a bug handling this request; please retry",
            ))
        }))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
