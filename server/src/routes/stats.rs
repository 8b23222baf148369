//! Statistics (STAT-1, STAT-2): the team's figures for leads and admins,
//! and each agent's own. Computed with SQL on every request from the
//! requests, conversations and orders tables (`db::stats`).

use axum::extract::State;
use axum::Json;
use fiido_protocol::model::Role;
use fiido_protocol::stats::{self, AgentLine, PersonalStats, TeamStats, HOURS};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::{AnyRole, Auth, LeadOrAdmin};
use crate::db::stats::{self as queries, Filter};
use crate::db::{self, Scope};
use crate::error::AppResult;
use crate::extract::ApiQuery;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(team_stats))
        .routes(routes!(my_stats))
}

/// The period asked about.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Period {
    /// Start, Unix ms (e.g. the desk's local midnight).
    from: i64,
    /// End, Unix ms, exclusive.
    to: i64,
    /// One store; every store the caller sees when absent.
    store_id: Option<String>,
}

/// The team's figures for a period (STAT-1): requests, first response,
/// handling time, satisfaction, conversion, the queue now, each agent's
/// status and load, and the per-hour chart against the same day a week
/// before. Leads and admins only.
#[utoipa::path(get, path = "/api/v1/stats/team", tag = "stats", security(("bearer" = [])),
    params(Period),
    responses(
        (status = 200, body = TeamStats),
        (status = 400, description = "validation_failed (from, to)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: agents see only their own figures", body = fiido_protocol::ErrorBody),
    ))]
async fn team_stats(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    ApiQuery(period): ApiQuery<Period>,
) -> AppResult<Json<TeamStats>> {
    stats::period(period.from, period.to)?;
    let pool = state.db.pool();
    let filter = Filter {
        scope: &auth.scope,
        store_id: period.store_id.as_deref(),
        from: period.from,
        to: period.to,
    };
    let (figures, mut per_agent) = queries::figures(pool, &filter).await?;
    let (queue_length, oldest) = queries::queue(pool, &filter).await?;
    let loads = queries::open_loads(pool, &filter).await?;
    let now = crate::clock::now_ms();
    let team = team_of(&state, &auth.scope, period.store_id.as_deref()).await?;
    let mut agents = Vec::with_capacity(team.len());
    for agent in team {
        let settings = db::settings::get(pool, &agent.id).await?;
        agents.push(AgentLine {
            open_conversations: loads.get(&agent.id).copied().unwrap_or_default(),
            figures: per_agent.remove(&agent.id).unwrap_or_default(),
            agent_id: agent.id,
            name: agent.name,
            status: settings.status,
        });
    }
    agents.sort_by(|a, b| {
        b.figures
            .closed
            .cmp(&a.figures.closed)
            .then_with(|| a.name.cmp(&b.name))
    });
    let day = HOURS as i64 * 3_600_000;
    Ok(Json(TeamStats {
        from: period.from,
        to: period.to,
        store_id: period.store_id.clone(),
        figures,
        queue_length,
        longest_wait_ms: oldest.map(|since| (now - since).max(0)),
        agents_total: agents.len() as i64,
        agents_available: agents
            .iter()
            .filter(|a| a.status == fiido_protocol::model::AgentStatus::Available)
            .count() as i64,
        agents,
        hourly: queries::hourly(pool, &filter, period.from).await?,
        hourly_last_week: queries::hourly(pool, &filter, period.from - 7 * day).await?,
    }))
}

/// The agents (not admins) serving the stores in view.
async fn team_of(
    state: &AppState,
    scope: &Scope,
    store_id: Option<&str>,
) -> AppResult<Vec<fiido_protocol::model::Agent>> {
    let agents = db::agents::visible(state.db.pool(), scope).await?;
    Ok(agents
        .into_iter()
        .filter(|a| a.role != Role::Admin)
        .filter(|a| store_id.is_none_or(|s| a.store_ids.iter().any(|id| id == s)))
        .collect())
}

/// The caller's own figures for a period (STAT-2) and their rank in the
/// team of their stores by requests closed.
#[utoipa::path(get, path = "/api/v1/stats/me", tag = "stats", security(("bearer" = [])),
    params(Period),
    responses(
        (status = 200, body = PersonalStats),
        (status = 400, description = "validation_failed (from, to)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
    ))]
async fn my_stats(
    State(state): State<AppState>,
    auth: Auth<AnyRole>,
    ApiQuery(period): ApiQuery<Period>,
) -> AppResult<Json<PersonalStats>> {
    stats::period(period.from, period.to)?;
    let filter = Filter {
        scope: &auth.scope,
        store_id: period.store_id.as_deref(),
        from: period.from,
        to: period.to,
    };
    let (_, per_agent) = queries::figures(state.db.pool(), &filter).await?;
    let team = team_of(&state, &auth.scope, period.store_id.as_deref()).await?;
    let closed = |id: &str| per_agent.get(id).map_or(0, |f| f.closed);
    let mine = closed(&auth.agent.id);
    let ahead = team.iter().filter(|a| closed(&a.id) > mine).count() as i64;
    Ok(Json(PersonalStats {
        from: period.from,
        to: period.to,
        figures: per_agent.get(&auth.agent.id).cloned().unwrap_or_default(),
        rank: ahead + 1,
        team_size: (team.len() as i64).max(1),
    }))
}
