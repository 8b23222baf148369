//! Statistics (STAT-1, STAT-2): the team's figures for leads and admins,
//! and each agent's own. Computed with SQL on every request from the
//! requests, conversations and orders tables (`db::stats`).

use axum::extract::State;
use axum::Json;
use fiido_protocol::model::Role;
use fiido_protocol::stats::{
    self, AgentLine, AgentPerformance, ArticleUse, PersonalStats, QuestionCount, Reports,
    SourceCount, TeamStats, TicketKindLine, HOURS, REPEAT_WINDOW_MS, TOP_ARTICLES, TOP_QUESTIONS,
};
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
        .routes(routes!(reports))
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
    let online = db::presence::online(pool, now).await?;
    let mut agents = Vec::with_capacity(team.len());
    for agent in team {
        let settings = db::settings::get(pool, &agent.id).await?;
        agents.push(AgentLine {
            online: online.contains(&agent.id),
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
        agents_online: agents.iter().filter(|a| a.online).count() as i64,
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

/// The period of a report, and the caller's offset from UTC for the
/// weekday-and-hour heat map.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportQuery {
    /// Start, Unix ms.
    from: i64,
    /// End, Unix ms, exclusive.
    to: i64,
    /// One store; every store the caller sees when absent.
    store_id: Option<String>,
    /// Minutes east of UTC (Berlin in winter: 60); 0 when absent.
    #[serde(default)]
    utc_offset_minutes: i64,
}

/// The reports of a period (STAT-3, STAT-4, TKT-5, KB-6): agent
/// performance, quality, business (sources, heat map, top questions,
/// funnel), tickets and the most used articles. Leads and admins only.
#[utoipa::path(get, path = "/api/v1/reports", tag = "stats", security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, body = Reports),
        (status = 400, description = "validation_failed (from, to, utc_offset_minutes)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins only", body = fiido_protocol::ErrorBody),
    ))]
async fn reports(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> AppResult<Json<Reports>> {
    stats::period(q.from, q.to)?;
    if !(-14 * 60..=14 * 60).contains(&q.utc_offset_minutes) {
        return Err(fiido_protocol::ApiError::field(
            fiido_protocol::ErrorCode::ValidationFailed,
            "utc_offset_minutes",
            "an offset is between -840 and 840 minutes",
        )
        .into());
    }
    let pool = state.db.pool();
    let filter = Filter {
        scope: &auth.scope,
        store_id: q.store_id.as_deref(),
        from: q.from,
        to: q.to,
    };
    // Independent queries, each on its own pooled connection: SQLite reads
    // them side by side (WAL), PostgreSQL too.
    let (
        (figures, mut per_agent),
        team,
        ticket_sums,
        sources,
        heat_map,
        top_questions,
        top_articles,
        carts,
    ) = tokio::try_join!(
        queries::figures(pool, &filter),
        team_of(&state, &auth.scope, q.store_id.as_deref()),
        queries::tickets(pool, &filter, REPEAT_WINDOW_MS),
        queries::sources(pool, &filter),
        queries::heat_map(pool, &filter, q.utc_offset_minutes * 60_000),
        queries::top_questions(pool, &filter, TOP_QUESTIONS as i64),
        queries::top_articles(pool, &filter, TOP_ARTICLES as i64),
        queries::carts(pool, &filter),
    )?;
    let mut agents: Vec<AgentPerformance> = team
        .into_iter()
        .map(|a| AgentPerformance {
            rank: 0,
            figures: per_agent.remove(&a.id).unwrap_or_default(),
            agent_id: a.id,
            name: a.name,
        })
        .collect();
    agents.sort_by(|a, b| {
        b.figures
            .closed
            .cmp(&a.figures.closed)
            .then_with(|| {
                b.figures
                    .satisfaction
                    .unwrap_or(0.0)
                    .total_cmp(&a.figures.satisfaction.unwrap_or(0.0))
            })
            .then_with(|| a.name.cmp(&b.name))
    });
    for (i, a) in agents.iter_mut().enumerate() {
        a.rank = i as i64 + 1;
    }
    let pct = |part: i64, whole: i64| (whole > 0).then(|| part as f64 * 100.0 / whole as f64);
    let opened: i64 = ticket_sums.iter().map(|t| t.opened).sum();
    let mut tickets = Vec::with_capacity(ticket_sums.len());
    for t in ticket_sums {
        tickets.push(TicketKindLine {
            kind: crate::db::codec::text_to_enum(&t.kind)?,
            opened: t.opened,
            share_pct: pct(t.opened, opened).unwrap_or_default(),
            resolved: t.resolved,
            avg_handling_ms: (t.resolved > 0).then(|| t.handling_sum / t.resolved),
            within_sla: t.within_sla,
            repeats: t.repeats,
        });
    }
    Ok(Json(Reports {
        from: q.from,
        to: q.to,
        store_id: q.store_id.clone(),
        resolution_pct: pct(figures.closed, figures.requests),
        within_target_pct: pct(figures.answered_within_target, figures.answered),
        funnel_consults: figures.requests,
        funnel_carts: Some(carts),
        funnel_orders: figures.converted,
        figures,
        agents,
        sources: sources
            .into_iter()
            .map(|(source, requests)| SourceCount { source, requests })
            .collect(),
        heat_map,
        top_questions: top_questions
            .into_iter()
            .map(|(text, count)| QuestionCount { text, count })
            .collect(),
        tickets,
        top_articles: top_articles
            .into_iter()
            .map(|(article_id, title, uses)| ArticleUse {
                article_id,
                title,
                uses,
            })
            .collect(),
    }))
}
