//! The sync snapshot: a caller's visible state, one section per page.

use fiido_protocol::api::SnapshotPage;
use serde::{Deserialize, Serialize};
use sqlx::{AnyPool, Row};

use super::codec::{decode_cursor, encode_cursor, from_json_text, to_json_text};
use super::{
    agents, catalogue, conversations, customers, events, messages, settings, stores, tickets, Scope,
};
use crate::error::AppResult;

/// How many of each conversation's newest messages the snapshot carries;
/// older ones are fetched on demand.
pub const MESSAGES_PER_CONVERSATION: i64 = 50;

/// The sections, in the order they are paged through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Section {
    Stores,
    Customers,
    Conversations,
    Messages,
    QuickReplies,
    Articles,
    Orders,
    Products,
    Tickets,
}

impl Section {
    fn next(self) -> Option<Section> {
        use Section::*;
        match self {
            Stores => Some(Customers),
            Customers => Some(Conversations),
            Conversations => Some(Messages),
            Messages => Some(QuickReplies),
            QuickReplies => Some(Articles),
            Articles => Some(Orders),
            Orders => Some(Products),
            Products => Some(Tickets),
            Tickets => None,
        }
    }
}

/// Where the next page starts; serialised into the opaque cursor.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Position {
    seq: i64,
    section: Section,
    after: String,
}

/// Reads one page. The first page (no cursor) pins the seq that every later
/// page repeats; entities read after it are at least as new, and replaying
/// events after it converges on the present either way.
pub async fn page(
    pool: &AnyPool,
    scope: &Scope,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<SnapshotPage> {
    let position = match cursor {
        Some(c) => from_json_text::<Position>(&decode_cursor(c)?).map_err(|_| bad_cursor())?,
        None => Position {
            seq: events::head(pool).await?,
            section: Section::Stores,
            after: String::new(),
        },
    };
    let mut page = SnapshotPage {
        seq: position.seq,
        ..SnapshotPage::default()
    };
    let after = position.after.as_str();
    let last_key: Option<String> = match position.section {
        Section::Stores => {
            // Stores and agents are small: one page carries all of them.
            page.stores = stores::visible(pool, scope).await?;
            page.agents = agents::visible(pool, scope).await?;
            page.settings = Some(settings::get(pool, &scope.agent_id).await?);
            None
        }
        Section::Customers => {
            page.customers = customers::visible_page(pool, scope, None, after, limit).await?;
            full(&page.customers, limit, |c| c.id.clone())
        }
        Section::Conversations => {
            let filter = conversations::ListFilter::default();
            page.conversations =
                conversations::visible_page(pool, scope, &filter, after, limit).await?;
            full(&page.conversations, limit, |c| c.id.clone())
        }
        Section::Messages => {
            page.messages = newest_messages(pool, scope, after, limit).await?;
            full(&page.messages, limit, |m| m.id.clone())
        }
        Section::QuickReplies => {
            page.quick_replies = catalogue::quick_replies_page(pool, scope, after, limit).await?;
            full(&page.quick_replies, limit, |q| q.id.clone())
        }
        Section::Articles => {
            page.articles = catalogue::articles_page(pool, scope, after, limit).await?;
            full(&page.articles, limit, |a| a.id.clone())
        }
        Section::Orders => {
            page.orders = catalogue::orders_page(pool, scope, None, after, limit).await?;
            full(&page.orders, limit, |o| o.id.clone())
        }
        Section::Products => {
            page.products = catalogue::products_page(pool, after, limit).await?;
            full(&page.products, limit, |p| p.sku.clone())
        }
        Section::Tickets => {
            let filter = tickets::TicketFilter::default();
            page.tickets = tickets::visible_page(pool, scope, &filter, after, limit).await?;
            full(&page.tickets, limit, |t| t.id.clone())
        }
    };
    let next = match last_key {
        Some(after) => Some(Position {
            seq: position.seq,
            section: position.section,
            after,
        }),
        None => position.section.next().map(|section| Position {
            seq: position.seq,
            section,
            after: String::new(),
        }),
    };
    page.next_cursor = next
        .map(|p| to_json_text(&p).map(|json| encode_cursor(&json)))
        .transpose()?;
    Ok(page)
}

/// The last key of a full page (more may follow), or None when the section is done.
fn full<T>(items: &[T], limit: i64, key: impl Fn(&T) -> String) -> Option<String> {
    if items.len() as i64 >= limit {
        items.last().map(key)
    } else {
        None
    }
}

fn bad_cursor() -> crate::error::AppError {
    crate::error::AppError::Api(fiido_protocol::ApiError::field(
        fiido_protocol::ErrorCode::ValidationFailed,
        "cursor",
        "the cursor is not one this server handed out",
    ))
}

async fn newest_messages(
    pool: &AnyPool,
    scope: &Scope,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<fiido_protocol::model::Message>> {
    let rows = sqlx::query(
        "SELECT * FROM (SELECT m.*, ROW_NUMBER() OVER \
           (PARTITION BY m.conversation_id ORDER BY m.created_at DESC, m.id DESC) AS recency \
           FROM messages m JOIN conversations c ON c.id = m.conversation_id \
           WHERE ($1 = 1 OR c.store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $2))) ranked \
         WHERE recency <= $3 AND id > $4 ORDER BY id LIMIT $5",
    )
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .bind(MESSAGES_PER_CONVERSATION)
    .bind(after_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(messages::from_row).collect()
}

/// Counts rows of a table, for tests and the demo summary.
pub async fn count(pool: &AnyPool, table: &'static str) -> AppResult<i64> {
    let sql = match table {
        "customers" => "SELECT COUNT(*) FROM customers",
        "conversations" => "SELECT COUNT(*) FROM conversations",
        "messages" => "SELECT COUNT(*) FROM messages",
        "orders" => "SELECT COUNT(*) FROM orders",
        "products" => "SELECT COUNT(*) FROM products",
        "quick_replies" => "SELECT COUNT(*) FROM quick_replies",
        "articles" => "SELECT COUNT(*) FROM articles",
        _ => "SELECT 0",
    };
    Ok(sqlx::query(sql).fetch_one(pool).await?.try_get(0)?)
}
