//! Who is calling and what they may do (PLAT-3, PLAT-4).
//!
//! Every agent route takes an [`Auth`] extractor whose type parameter names
//! the roles allowed, so the role check cannot be forgotten in a handler.

pub mod password;
pub mod rate_limit;
pub mod token;

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fiido_protocol::model::{Agent, Role};
use fiido_protocol::ErrorCode;

use crate::app::AppState;
use crate::clock::now_ms;
use crate::db::{self, sessions::VisitorSession, Scope};
use crate::error::AppError;

/// A set of roles a route admits.
pub trait RoleRule: Send + Sync + 'static {
    /// The roles admitted.
    const ALLOWED: &'static [Role];
}

/// Any signed-in agent, lead or admin.
pub struct AnyRole;
impl RoleRule for AnyRole {
    const ALLOWED: &'static [Role] = &[Role::Agent, Role::Lead, Role::Admin];
}

/// Team leads and admins (supervision).
pub struct LeadOrAdmin;
impl RoleRule for LeadOrAdmin {
    const ALLOWED: &'static [Role] = &[Role::Lead, Role::Admin];
}

/// Admins only (configuration).
pub struct AdminOnly;
impl RoleRule for AdminOnly {
    const ALLOWED: &'static [Role] = &[Role::Admin];
}

/// A signed-in agent whose role `R` admits: the request fails with 401
/// without a valid token and 403 with a role `R` does not admit.
pub struct Auth<R: RoleRule = AnyRole> {
    pub agent: Agent,
    /// The stores the agent may see.
    pub scope: Scope,
    /// The hash of the bearer token, to end this session at logout.
    pub token_hash: String,
    _rule: PhantomData<R>,
}

impl<R: RoleRule> Auth<R> {
    /// The key idempotency records are stored under.
    pub fn principal(&self) -> String {
        format!("agent:{}", self.agent.id)
    }
}

/// The bearer token of a request, if well-formed.
pub fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    let token = token.trim();
    (!token.is_empty()).then_some(token)
}

fn unauthenticated(message: &str) -> AppError {
    AppError::api(ErrorCode::Unauthenticated, message)
}

impl<R: RoleRule> FromRequestParts<AppState> for Auth<R> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(parts).ok_or_else(|| {
            unauthenticated("sign in first: the request has no `Authorization: Bearer` token")
        })?;
        let token_hash = token::hash(token);
        let agent = db::agents::by_session(state.db.pool(), &token_hash, now_ms())
            .await?
            .ok_or_else(|| {
                unauthenticated("the session is unknown or has expired; sign in again")
            })?;
        if !R::ALLOWED.contains(&agent.role) {
            return Err(AppError::api(
                ErrorCode::Forbidden,
                format!("this needs the role {}", role_list(R::ALLOWED)),
            ));
        }
        let all_stores = agent.role == Role::Admin;
        let scope = Scope {
            agent_id: agent.id.clone(),
            all_stores,
            store_ids: if all_stores {
                db::stores::all_ids(state.db.pool()).await?
            } else {
                agent.store_ids.clone()
            },
            sees_drafts: agent.role != Role::Agent,
        };
        Ok(Auth {
            agent,
            scope,
            token_hash,
            _rule: PhantomData,
        })
    }
}

fn role_list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A widget visitor with a valid chat session token.
pub struct Visitor {
    pub session: VisitorSession,
    pub token_hash: String,
}

impl Visitor {
    /// The key idempotency records are stored under.
    pub fn principal(&self) -> String {
        format!("customer:{}", self.session.customer_id)
    }

    /// Resolves a visitor token (from a header or the widget socket's first frame).
    pub async fn from_token(state: &AppState, token: &str) -> Result<Self, AppError> {
        let token_hash = token::hash(token);
        let session = db::sessions::visitor_by_token(state.db.pool(), &token_hash, now_ms())
            .await?
            .ok_or_else(|| {
                unauthenticated("the chat session is unknown or has expired; start a new chat")
            })?;
        Ok(Visitor {
            session,
            token_hash,
        })
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token =
            bearer(parts).ok_or_else(|| unauthenticated("start a chat first: no session token"))?;
        Visitor::from_token(state, token).await
    }
}
