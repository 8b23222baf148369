//! Statistics (STAT-1..5): the team's and an agent's figures for a period,
//! computed by the server with SQL from its tables, never kept in memory.
//!
//! The unit is a *request*: a customer's first message while their
//! conversation has no open request starts one; an agent's first answer
//! ends its wait; closing the conversation ends it. The customer may rate
//! it (1-5 stars) once it is closed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::AgentStatus;
use crate::{ApiError, ErrorCode};

/// The first-response target quality reports measure against (STAT-4).
pub const FIRST_RESPONSE_TARGET_MS: i64 = 30_000;
/// An order placed this long after a request started counts as converted.
pub const CONVERSION_WINDOW_MS: i64 = 7 * 24 * 3_600_000;
/// The longest period a report may cover.
pub const MAX_PERIOD_MS: i64 = 366 * 24 * 3_600_000;
/// Hours in the per-hour chart.
pub const HOURS: usize = 24;
/// The longest comment a customer may leave with a rating.
pub const COMMENT_MAX_CHARS: usize = 1_000;

/// The latest moment a period may reach (2100-01-01 UTC).
pub const LATEST_MS: i64 = 4_102_444_800_000;

/// Checks a period: within 1970..2100, `from` before `to`, at most
/// [`MAX_PERIOD_MS`] long.
pub fn period(from: i64, to: i64) -> Result<(), ApiError> {
    for (field, at) in [("from", from), ("to", to)] {
        if !(0..=LATEST_MS).contains(&at) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                field,
                "give a time between 1970 and 2100, in Unix milliseconds",
            ));
        }
    }
    if from >= to {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "to",
            "the period must end after it starts",
        ));
    }
    if to - from > MAX_PERIOD_MS {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "from",
            "a period may cover at most 366 days",
        ));
    }
    Ok(())
}

/// The figures of a period, for a team or for one agent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Figures {
    /// Requests started in the period.
    pub requests: i64,
    /// Of those, answered by an agent.
    pub answered: i64,
    /// Their average wait for the first answer.
    pub avg_first_response_ms: Option<i64>,
    /// Of those answered, within [`FIRST_RESPONSE_TARGET_MS`].
    pub answered_within_target: i64,
    /// Requests closed in the period.
    pub closed: i64,
    /// Their average time from the customer's first message to the close.
    pub avg_handling_ms: Option<i64>,
    /// Ratings given in the period.
    pub ratings: i64,
    /// Their average, 1.0 to 5.0.
    pub satisfaction: Option<f64>,
    /// Requests started in the period whose customer ordered within
    /// [`CONVERSION_WINDOW_MS`] of starting it (consult → order).
    pub converted: i64,
}

impl Figures {
    /// `converted` over `requests`, in percent.
    pub fn conversion_pct(&self) -> Option<f64> {
        (self.requests > 0).then(|| self.converted as f64 * 100.0 / self.requests as f64)
    }
}

/// One agent's line in the team view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentLine {
    pub agent_id: String,
    pub name: String,
    pub status: AgentStatus,
    /// A desk of theirs is connected to the server now.
    #[serde(default)]
    pub online: bool,
    /// Conversations assigned to them and not closed, now.
    pub open_conversations: i64,
    /// Their figures: requests they answered first, closed, were rated for.
    pub figures: Figures,
}

/// `GET /api/v1/stats/team`: the team-stats window (STAT-1), leads and admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TeamStats {
    pub from: i64,
    pub to: i64,
    /// The store asked about, or null for every store the caller sees.
    pub store_id: Option<String>,
    pub figures: Figures,
    /// Conversations waiting with nobody assigned, now.
    pub queue_length: i64,
    /// How long the longest of them has waited, now.
    pub longest_wait_ms: Option<i64>,
    /// Agents serving these stores.
    pub agents_total: i64,
    /// Of them, those whose status is available.
    pub agents_available: i64,
    /// Of them, those with a desk connected now (any server instance).
    #[serde(default)]
    pub agents_online: i64,
    /// Each agent, most requests closed first.
    pub agents: Vec<AgentLine>,
    /// Requests started in each hour of the day beginning at `from`.
    pub hourly: Vec<i64>,
    /// The same for the same day a week earlier.
    pub hourly_last_week: Vec<i64>,
}

/// `GET /api/v1/stats/me`: an agent's own dashboard (STAT-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonalStats {
    pub from: i64,
    pub to: i64,
    pub figures: Figures,
    /// Their place by requests closed in their stores' team (1 is first).
    pub rank: i64,
    pub team_size: i64,
}

/// `POST /api/v1/widget/satisfaction`: the customer rates their closed
/// request (STAT-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SatisfactionRequest {
    /// 1 to 5 stars.
    pub score: i64,
    #[serde(default)]
    pub comment: Option<String>,
}

impl SatisfactionRequest {
    /// Checks the score and trims the comment (an empty one is none).
    pub fn validated(self) -> Result<Self, ApiError> {
        if !(1..=5).contains(&self.score) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "score",
                "give 1 to 5 stars",
            ));
        }
        let comment = self
            .comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > COMMENT_MAX_CHARS)
        {
            return Err(ApiError::field(
                ErrorCode::TooLarge,
                "comment",
                format!("a comment is at most {COMMENT_MAX_CHARS} characters"),
            ));
        }
        Ok(SatisfactionRequest {
            score: self.score,
            comment,
        })
    }
}

/// Most used knowledge articles a report lists (KB-6).
pub const TOP_ARTICLES: usize = 10;
/// Most frequent first questions a business report lists.
pub const TOP_QUESTIONS: usize = 10;
/// Tickets of the same customer and kind this close together are repeats.
pub const REPEAT_WINDOW_MS: i64 = 30 * 24 * 3_600_000;

/// One agent's line in the performance report (STAT-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentPerformance {
    /// 1 is first, by requests closed, then satisfaction.
    pub rank: i64,
    pub agent_id: String,
    pub name: String,
    pub figures: Figures,
}

/// How many requests came from one source (CUST-1's sources).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceCount {
    pub source: String,
    pub requests: i64,
}

/// A question customers asked first, and how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuestionCount {
    pub text: String,
    pub count: i64,
}

/// A knowledge article and how often agents used it (KB-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ArticleUse {
    pub article_id: String,
    pub title: String,
    /// Times inserted into a reply, ever.
    pub uses: i64,
}

/// Tickets of one kind in a ticket report (TKT-5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketKindLine {
    pub kind: crate::tickets::TicketKind,
    pub opened: i64,
    /// Of all tickets opened in the period, in percent.
    pub share_pct: f64,
    pub resolved: i64,
    /// From opening to resolution, over the resolved ones.
    pub avg_handling_ms: Option<i64>,
    /// Resolved before their deadline.
    pub within_sla: i64,
    /// Opened within 30 days of another of the same customer and kind.
    pub repeats: i64,
}

/// `GET /api/v1/reports`: the reports of a period (STAT-3, STAT-4, TKT-5),
/// each a section of the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reports {
    pub from: i64,
    pub to: i64,
    pub store_id: Option<String>,
    /// The team's figures.
    pub figures: Figures,
    /// Agent performance, best first.
    pub agents: Vec<AgentPerformance>,
    /// Quality: requests closed in the period over those started in it, in percent.
    pub resolution_pct: Option<f64>,
    /// Quality: answered within [`FIRST_RESPONSE_TARGET_MS`], in percent of answered.
    pub within_target_pct: Option<f64>,
    /// Business: where the customers came from.
    pub sources: Vec<SourceCount>,
    /// Business: requests by weekday (Monday first) and hour, in the
    /// caller's time zone: 7 rows of 24.
    pub heat_map: Vec<Vec<i64>>,
    /// Business: the questions customers opened with most.
    pub top_questions: Vec<QuestionCount>,
    /// Business funnel: consultations, carts (customers who asked and had
    /// something in their cart, as the widget reported with their consent),
    /// orders.
    pub funnel_consults: i64,
    pub funnel_carts: Option<i64>,
    pub funnel_orders: i64,
    /// Tickets by kind.
    pub tickets: Vec<TicketKindLine>,
    /// The knowledge articles agents used most, all time (KB-6).
    #[serde(default)]
    pub top_articles: Vec<ArticleUse>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_ends_after_it_starts_and_spans_at_most_a_year() {
        assert!(period(0, 1).is_ok());
        assert!(period(1, 1).is_err());
        assert!(period(0, MAX_PERIOD_MS + 1).is_err());
        assert!(period(i64::MIN, i64::MAX - 1).is_err(), "no overflow");
        assert!(period(-1, 1).is_err());
    }

    #[test]
    fn a_rating_is_one_to_five_stars_with_an_optional_comment() {
        let ok = SatisfactionRequest {
            score: 5,
            comment: Some("  quick and kind ".into()),
        }
        .validated()
        .unwrap();
        assert_eq!(ok.comment.as_deref(), Some("quick and kind"));
        for score in [0, 6, -1] {
            assert!(SatisfactionRequest {
                score,
                comment: None
            }
            .validated()
            .is_err());
        }
        let long = SatisfactionRequest {
            score: 3,
            comment: Some("x".repeat(COMMENT_MAX_CHARS + 1)),
        };
        assert_eq!(long.validated().unwrap_err().code, ErrorCode::TooLarge);
    }

    #[test]
    fn conversion_is_converted_over_requests() {
        let f = Figures {
            requests: 3,
            converted: 1,
            ..Figures::default()
        };
        assert!((f.conversion_pct().unwrap() - 33.333).abs() < 0.01);
        assert_eq!(Figures::default().conversion_pct(), None);
    }
}
