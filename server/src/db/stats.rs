//! The statistics queries (STAT-1..5): every figure from the requests
//! table, the conversations and the orders, the same SQL on SQLite and
//! PostgreSQL (sums are cast to BIGINT so both return integers; averages
//! are divided here).

use std::collections::HashMap;

use fiido_protocol::stats::{Figures, CONVERSION_WINDOW_MS, FIRST_RESPONSE_TARGET_MS, HOURS};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyPool, AssertSqlSafe, Row};

use super::Scope;
use crate::error::AppResult;

/// Which requests a figure counts.
pub struct Filter<'a> {
    pub scope: &'a Scope,
    /// One store, or every store of the scope.
    pub store_id: Option<&'a str>,
    pub from: i64,
    pub to: i64,
}

/// The stores-of-the-scope condition on a table with a `store_id` column,
/// with $1 (all stores flag), $2 (agent id), $3 (one store or null); $4
/// and $5 are the period where there is one.
const IN_SCOPE: &str =
    "($1 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $2)) \
     AND ($3 IS NULL OR store_id = $3)";

/// [`IN_SCOPE`] for a qualified column, in queries that join tables.
fn in_scope(column: &str) -> String {
    format!(
        "($1 = 1 OR {column} IN (SELECT store_id FROM agent_stores WHERE agent_id = $2)) \
         AND ($3 IS NULL OR {column} = $3)"
    )
}

/// The query with the scope bound ($1..$3).
fn scoped<'q>(sql: String, f: &Filter<'q>) -> Query<'q, Any, AnyArguments> {
    sqlx::query(AssertSqlSafe(sql))
        .bind(i64::from(f.scope.all_stores))
        .bind(f.scope.agent_id.clone())
        .bind(f.store_id)
}

/// The query with the scope and the period bound ($1..$5).
fn bound<'q>(sql: String, f: &Filter<'q>) -> Query<'q, Any, AnyArguments> {
    scoped(sql, f).bind(f.from).bind(f.to)
}

/// Counts and sums of one group of requests.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    requests: i64,
    answered: i64,
    wait_sum: i64,
    in_target: i64,
    converted: i64,
    closed: i64,
    handling_sum: i64,
    ratings: i64,
    score_sum: i64,
}

impl Sums {
    fn figures(&self) -> Figures {
        let average = |sum: i64, n: i64| (n > 0).then(|| sum / n);
        Figures {
            requests: self.requests,
            answered: self.answered,
            avg_first_response_ms: average(self.wait_sum, self.answered),
            answered_within_target: self.in_target,
            closed: self.closed,
            avg_handling_ms: average(self.handling_sum, self.closed),
            ratings: self.ratings,
            satisfaction: (self.ratings > 0).then(|| self.score_sum as f64 / self.ratings as f64),
            converted: self.converted,
        }
    }
}

fn int(row: &AnyRow, column: &str) -> AppResult<i64> {
    Ok(row.try_get::<Option<i64>, _>(column)?.unwrap_or_default())
}

/// The team's figures and each agent's (by id): requests started (by who
/// answered first), closed (by who handled them) and rated in the period.
pub async fn figures(
    pool: &AnyPool,
    f: &Filter<'_>,
) -> AppResult<(Figures, HashMap<String, Figures>)> {
    let mut team = Sums::default();
    let mut agents: HashMap<String, Sums> = HashMap::new();

    let started = format!(
        "SELECT responder_id AS agent, COUNT(*) AS requests, COUNT(first_response_at) AS answered, \
           CAST(SUM(first_response_at - started_at) AS BIGINT) AS wait_sum, \
           CAST(SUM(CASE WHEN first_response_at - started_at <= {FIRST_RESPONSE_TARGET_MS} THEN 1 ELSE 0 END) AS BIGINT) AS in_target, \
           CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = y.customer_id \
                 AND o.created_at >= y.started_at AND o.created_at < y.started_at + {CONVERSION_WINDOW_MS}) \
               THEN 1 ELSE 0 END) AS BIGINT) AS converted \
         FROM conversation_cycles y WHERE {IN_SCOPE} AND started_at >= $4 AND started_at < $5 \
         GROUP BY responder_id"
    );
    let closed = format!(
        "SELECT handler_id AS agent, COUNT(*) AS closed, CAST(SUM(closed_at - started_at) AS BIGINT) AS handling_sum \
         FROM conversation_cycles WHERE {IN_SCOPE} AND closed_at >= $4 AND closed_at < $5 GROUP BY handler_id"
    );
    let rated = format!(
        "SELECT handler_id AS agent, COUNT(*) AS ratings, CAST(SUM(score) AS BIGINT) AS score_sum \
         FROM conversation_cycles WHERE {IN_SCOPE} AND rated_at >= $4 AND rated_at < $5 GROUP BY handler_id"
    );
    let (started, closed, rated) = tokio::try_join!(
        bound(started, f).fetch_all(pool),
        bound(closed, f).fetch_all(pool),
        bound(rated, f).fetch_all(pool),
    )?;
    for row in started {
        let s = Sums {
            requests: int(&row, "requests")?,
            answered: int(&row, "answered")?,
            wait_sum: int(&row, "wait_sum")?,
            in_target: int(&row, "in_target")?,
            converted: int(&row, "converted")?,
            ..Sums::default()
        };
        add(&mut team, &mut agents, row.try_get("agent")?, |t| {
            t.requests += s.requests;
            t.answered += s.answered;
            t.wait_sum += s.wait_sum;
            t.in_target += s.in_target;
            t.converted += s.converted;
        });
    }

    for row in closed {
        let (n, sum) = (int(&row, "closed")?, int(&row, "handling_sum")?);
        add(&mut team, &mut agents, row.try_get("agent")?, |t| {
            t.closed += n;
            t.handling_sum += sum;
        });
    }

    for row in rated {
        let (n, sum) = (int(&row, "ratings")?, int(&row, "score_sum")?);
        add(&mut team, &mut agents, row.try_get("agent")?, |t| {
            t.ratings += n;
            t.score_sum += sum;
        });
    }

    Ok((
        team.figures(),
        agents.into_iter().map(|(k, s)| (k, s.figures())).collect(),
    ))
}

/// Adds a group's sums to the team and, when it has one, to its agent.
fn add(
    team: &mut Sums,
    agents: &mut HashMap<String, Sums>,
    agent: Option<String>,
    change: impl Fn(&mut Sums),
) {
    change(team);
    if let Some(agent) = agent {
        change(agents.entry(agent).or_default());
    }
}

/// Requests started in each of the [`HOURS`] hours after `day_start`.
pub async fn hourly(pool: &AnyPool, f: &Filter<'_>, day_start: i64) -> AppResult<Vec<i64>> {
    let day = Filter {
        from: day_start,
        to: day_start + HOURS as i64 * 3_600_000,
        ..*f
    };
    let sql = format!(
        "SELECT (started_at - $4) / 3600000 AS hour, COUNT(*) AS n FROM conversation_cycles \
         WHERE {IN_SCOPE} AND started_at >= $4 AND started_at < $5 GROUP BY (started_at - $4) / 3600000"
    );
    let mut out = vec![0; HOURS];
    for row in bound(sql, &day).fetch_all(pool).await? {
        let hour = usize::try_from(int(&row, "hour")?).unwrap_or(HOURS);
        if let Some(slot) = out.get_mut(hour) {
            *slot = int(&row, "n")?;
        }
    }
    Ok(out)
}

/// The unassigned waiting queue now: its length and its oldest wait start.
pub async fn queue(pool: &AnyPool, f: &Filter<'_>) -> AppResult<(i64, Option<i64>)> {
    let sql = format!(
        "SELECT COUNT(*) AS n, MIN(waiting_since) AS oldest FROM conversations \
         WHERE {IN_SCOPE} AND status = 'waiting' AND assignee_id IS NULL"
    );
    let row = scoped(sql, f).fetch_one(pool).await?;
    Ok((int(&row, "n")?, row.try_get("oldest")?))
}

/// Conversations each agent has open (assigned, not closed) now.
pub async fn open_loads(pool: &AnyPool, f: &Filter<'_>) -> AppResult<HashMap<String, i64>> {
    let sql = format!(
        "SELECT assignee_id, COUNT(*) AS n FROM conversations \
         WHERE {IN_SCOPE} AND status <> 'closed' AND assignee_id IS NOT NULL \
         GROUP BY assignee_id"
    );
    let mut out = HashMap::new();
    for row in scoped(sql, f).fetch_all(pool).await? {
        out.insert(row.try_get("assignee_id")?, int(&row, "n")?);
    }
    Ok(out)
}

/// The funnel's middle step (STAT-4): customers who asked in the period and
/// had something in their cart in it, as the widget reported with their
/// consent (CUST-3).
pub async fn carts(pool: &AnyPool, f: &Filter<'_>) -> AppResult<i64> {
    let sql = format!(
        "SELECT COUNT(DISTINCT y.customer_id) AS n FROM conversation_cycles y \
         JOIN customers c ON c.id = y.customer_id \
         WHERE {} AND y.started_at >= $4 AND y.started_at < $5 AND c.cart_at >= $4 AND c.cart_at < $5",
        in_scope("y.store_id")
    );
    int(&bound(sql, f).fetch_one(pool).await?, "n")
}

/// Requests started in the period by their customer's source.
pub async fn sources(pool: &AnyPool, f: &Filter<'_>) -> AppResult<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT c.source AS source, COUNT(*) AS n FROM conversation_cycles y \
         JOIN customers c ON c.id = y.customer_id \
         WHERE {} AND y.started_at >= $4 AND y.started_at < $5 GROUP BY c.source ORDER BY n DESC, source",
        in_scope("y.store_id")
    );
    let mut out = Vec::new();
    for row in bound(sql, f).fetch_all(pool).await? {
        out.push((row.try_get("source")?, int(&row, "n")?));
    }
    Ok(out)
}

/// Requests started in the period by weekday (Monday = 0) and hour, at
/// `offset_ms` from UTC: 7 rows of [`HOURS`].
pub async fn heat_map(pool: &AnyPool, f: &Filter<'_>, offset_ms: i64) -> AppResult<Vec<Vec<i64>>> {
    // Day 0 of Unix time was a Thursday: (days + 3) % 7 counts from Monday.
    let sql = format!(
        "SELECT ((started_at + {offset_ms}) / 86400000 + 3) % 7 AS weekday, \
           ((started_at + {offset_ms}) / 3600000) % 24 AS hour, COUNT(*) AS n \
         FROM conversation_cycles WHERE {IN_SCOPE} AND started_at >= $4 AND started_at < $5 \
         GROUP BY ((started_at + {offset_ms}) / 86400000 + 3) % 7, ((started_at + {offset_ms}) / 3600000) % 24"
    );
    let mut out = vec![vec![0; HOURS]; 7];
    for row in bound(sql, f).fetch_all(pool).await? {
        let (day, hour) = (int(&row, "weekday")?, int(&row, "hour")?);
        if let Some(cell) = usize::try_from(day)
            .ok()
            .and_then(|d| out.get_mut(d))
            .and_then(|r| usize::try_from(hour).ok().and_then(|h| r.get_mut(h)))
        {
            *cell = int(&row, "n")?;
        }
    }
    Ok(out)
}

/// The texts customers opened their requests with most often (case and
/// surrounding space ignored), most frequent first.
pub async fn top_questions(
    pool: &AnyPool,
    f: &Filter<'_>,
    limit: i64,
) -> AppResult<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT LOWER(question) AS question, COUNT(*) AS n FROM conversation_cycles \
         WHERE {IN_SCOPE} AND started_at >= $4 AND started_at < $5 AND question IS NOT NULL \
         GROUP BY LOWER(question) ORDER BY n DESC, question LIMIT {limit}"
    );
    let mut out = Vec::new();
    for row in bound(sql, f).fetch_all(pool).await? {
        out.push((row.try_get("question")?, int(&row, "n")?));
    }
    Ok(out)
}

/// One kind's ticket counts: opened, resolved, summed handling time,
/// resolved within the SLA, repeats.
pub struct TicketSums {
    pub kind: String,
    pub opened: i64,
    pub resolved: i64,
    pub handling_sum: i64,
    pub within_sla: i64,
    pub repeats: i64,
}

/// Tickets opened in the period, by kind (TKT-5).
pub async fn tickets(
    pool: &AnyPool,
    f: &Filter<'_>,
    repeat_window_ms: i64,
) -> AppResult<Vec<TicketSums>> {
    let sql = format!(
        "SELECT kind, COUNT(*) AS opened, COUNT(resolved_at) AS resolved, \
           CAST(SUM(resolved_at - created_at) AS BIGINT) AS handling_sum, \
           CAST(SUM(CASE WHEN resolved_at <= due_at THEN 1 ELSE 0 END) AS BIGINT) AS within_sla, \
           CAST(SUM(CASE WHEN customer_id IS NOT NULL AND EXISTS (SELECT 1 FROM tickets p \
                 WHERE p.customer_id = t.customer_id AND p.kind = t.kind AND p.id <> t.id \
                 AND p.created_at < t.created_at AND p.created_at >= t.created_at - {repeat_window_ms}) \
               THEN 1 ELSE 0 END) AS BIGINT) AS repeats \
         FROM tickets t WHERE {IN_SCOPE} AND created_at >= $4 AND created_at < $5 GROUP BY kind ORDER BY opened DESC, kind"
    );
    let mut out = Vec::new();
    for row in bound(sql, f).fetch_all(pool).await? {
        out.push(TicketSums {
            kind: row.try_get("kind")?,
            opened: int(&row, "opened")?,
            resolved: int(&row, "resolved")?,
            handling_sum: int(&row, "handling_sum")?,
            within_sla: int(&row, "within_sla")?,
            repeats: int(&row, "repeats")?,
        });
    }
    Ok(out)
}

/// The knowledge articles of the scope's stores (and the shared ones) used
/// most, all time (KB-6): id, title, uses.
pub async fn top_articles(
    pool: &AnyPool,
    f: &Filter<'_>,
    limit: i64,
) -> AppResult<Vec<(String, String, i64)>> {
    let sql = format!(
        "SELECT id, title, uses FROM articles WHERE uses > 0 AND (store_id IS NULL OR ({IN_SCOPE})) \
         ORDER BY uses DESC, title LIMIT {limit}"
    );
    let mut out = Vec::new();
    for row in scoped(sql, f).fetch_all(pool).await? {
        out.push((
            row.try_get("id")?,
            row.try_get("title")?,
            int(&row, "uses")?,
        ));
    }
    Ok(out)
}
