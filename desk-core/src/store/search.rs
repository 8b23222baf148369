//! The Ctrl+K palette's query over the cache (CONV-7): one FTS5 table per
//! kind, each asked for its best few, highlighted for the palette.

use fiido_protocol::model::{Article, Customer, Order, Product};
use rusqlite::{params, Connection, OptionalExtension};

use super::Store;
use crate::error::{storage, DeskResult};
use crate::search::{near_spellings, Query};
use crate::views::{SearchHit, SearchKind, SearchResults, Segment};

/// Characters of text shown around a match.
const EXCERPT_CHARS: usize = 90;
/// Near spellings tried per word.
const NEAR_MAX: usize = 6;

/// The words of a small table's vocabulary that start like `word` (its first
/// letter), for typo-tolerant matching.
fn vocabulary(conn: &Connection, vocab: &str, word: &str) -> DeskResult<Vec<String>> {
    let Some(first) = word.chars().next() else {
        return Ok(Vec::new());
    };
    let from = first.to_string();
    let to =
        char::from_u32(first as u32 + 1).map_or_else(|| from.clone() + "\u{10FFFF}", String::from);
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT term FROM {vocab} WHERE term >= ?1 AND term < ?2"
        ))
        .map_err(storage)?;
    let rows = statement
        .query_map(params![from, to], |r| r.get(0))
        .map_err(storage)?;
    rows.collect::<Result<_, _>>().map_err(storage)
}

/// The rowids of the best `limit` matches in one FTS5 table, with the near
/// spellings that were tried (for highlighting).
fn matches(
    conn: &Connection,
    table: &str,
    query: &Query,
    fuzzy: bool,
    order: &str,
    limit: usize,
) -> DeskResult<(Vec<i64>, Vec<String>)> {
    let mut tried = Vec::new();
    let mut failed = None;
    let expression = query.fts(2, &mut |word| {
        if !fuzzy {
            return Vec::new();
        }
        match vocabulary(conn, &format!("{table}_vocab"), word) {
            Ok(words) => {
                let near = near_spellings(word, &words, NEAR_MAX);
                tried.extend(near.iter().cloned());
                near
            }
            Err(e) => {
                failed = Some(e);
                Vec::new()
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let Some(expression) = expression else {
        return Ok((Vec::new(), tried));
    };
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY {order} LIMIT ?2"
        ))
        .map_err(storage)?;
    let rows = statement
        .query_map(params![expression, limit as i64], |r| r.get(0))
        .map_err(storage)?;
    Ok((rows.collect::<Result<_, _>>().map_err(storage)?, tried))
}

/// A message found: its search key, id, conversation, body, time and the
/// customer's name.
type FoundMessage = (i64, String, String, String, i64, String);

/// Most candidate messages read before giving up on finding `limit` that
/// pass the full-word check.
const MESSAGE_SCAN_MAX: usize = 5_000;

/// The newest messages matching the query. Search keys sort by time, and
/// FTS5 walks them in descending order without ranking every match; long
/// words are matched by their first three characters in the index and
/// checked in full here.
fn newest_messages(
    conn: &Connection,
    query: &Query,
    limit: usize,
) -> DeskResult<Vec<FoundMessage>> {
    let Some(expression) = query.fts_by_prefix_index() else {
        return Ok(Vec::new());
    };
    let mut statement = conn
        .prepare_cached(
            "SELECT s.rowid, m.id, m.conversation_id, m.body, m.created_at, COALESCE(cu.nickname, '') \
             FROM search_messages s JOIN messages m ON m.search_key = s.rowid \
             LEFT JOIN conversations c ON c.id = m.conversation_id \
             LEFT JOIN customers cu ON cu.id = c.customer_id \
             WHERE search_messages MATCH ?1 ORDER BY s.rowid DESC",
        )
        .map_err(storage)?;
    let rows = statement
        .query_map(params![expression], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .map_err(storage)?;
    let mut found = Vec::new();
    for row in rows.take(MESSAGE_SCAN_MAX) {
        let row: FoundMessage = row.map_err(storage)?;
        if query.words_match(&row.3) {
            found.push(row);
            if found.len() == limit {
                break;
            }
        }
    }
    Ok(found)
}

fn json_at<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    table: &str,
    rowid: i64,
) -> DeskResult<Option<T>> {
    let json: Option<String> = conn
        .query_row(
            &format!("SELECT json FROM {table} WHERE rowid = ?1"),
            params![rowid],
            |r| r.get(0),
        )
        .optional()
        .map_err(storage)?;
    json.map(|j| serde_json::from_str(&j).map_err(storage))
        .transpose()
}

/// The customer's most recent conversation, which Enter opens.
fn latest_conversation(conn: &Connection, customer_id: &str) -> DeskResult<Option<String>> {
    conn.query_row(
        "SELECT id FROM conversations WHERE customer_id = ?1 ORDER BY sort_at DESC LIMIT 1",
        params![customer_id],
        |r| r.get(0),
    )
    .optional()
    .map_err(storage)
}

fn plain(text: &str) -> Vec<Segment> {
    vec![Segment {
        text: text.to_owned(),
        hit: false,
    }]
}

impl Store {
    /// Searches customers (name, e-mail), orders (number, tracking, items),
    /// products (name, SKU), messages and articles for `text`, at most
    /// `per_kind` of each. Customers, products and articles forgive typos.
    pub fn search(&self, text: &str, per_kind: usize) -> DeskResult<SearchResults> {
        let query = Query::parse(text);
        let mut results = SearchResults::default();
        if query.is_empty() {
            return Ok(results);
        }
        let conn = self.conn();
        let hl = |text: &str, near: &[String]| query.highlight(text, near, EXCERPT_CHARS);

        let (rows, near) = matches(&conn, "search_customers", &query, true, "rank", per_kind)?;
        for rowid in rows {
            let Some(c) = json_at::<Customer>(&conn, "customers", rowid)? else {
                continue;
            };
            results.customers.push(SearchHit {
                kind: SearchKind::Customer,
                conversation_id: latest_conversation(&conn, &c.id)?,
                title: hl(&c.nickname, &near),
                excerpt: c.email.as_deref().map(|e| hl(e, &near)).unwrap_or_default(),
                id: c.id,
                message_id: None,
                at: None,
            });
        }

        let (rows, _) = matches(&conn, "search_orders", &query, false, "rank", per_kind)?;
        for rowid in rows {
            let Some(o) = json_at::<Order>(&conn, "orders", rowid)? else {
                continue;
            };
            let items: Vec<&str> = o.items.iter().map(|i| i.name.as_str()).collect();
            let detail = match &o.tracking_no {
                Some(t) => format!("{} · {t}", items.join(", ")),
                None => items.join(", "),
            };
            results.orders.push(SearchHit {
                kind: SearchKind::Order,
                conversation_id: latest_conversation(&conn, &o.customer_id)?,
                title: hl(&o.number, &[]),
                excerpt: hl(&detail, &[]),
                id: o.id,
                message_id: None,
                at: Some(o.created_at),
            });
        }

        let (rows, near) = matches(&conn, "search_products", &query, true, "rank", per_kind)?;
        for rowid in rows {
            let Some(p) = json_at::<Product>(&conn, "products", rowid)? else {
                continue;
            };
            results.products.push(SearchHit {
                kind: SearchKind::Product,
                title: hl(&p.name, &near),
                excerpt: hl(&format!("{} · {}", p.sku, p.category), &near),
                id: p.sku,
                conversation_id: None,
                message_id: None,
                at: None,
            });
        }

        for (_, id, conversation_id, body, at, customer) in
            newest_messages(&conn, &query, per_kind)?
        {
            results.messages.push(SearchHit {
                kind: SearchKind::Message,
                title: plain(&customer),
                excerpt: hl(&body, &[]),
                id: id.clone(),
                conversation_id: Some(conversation_id),
                message_id: Some(id),
                at: Some(at),
            });
        }

        let (rows, near) = matches(&conn, "search_articles", &query, true, "rank", per_kind)?;
        for rowid in rows {
            let Some(a) = json_at::<Article>(&conn, "articles", rowid)? else {
                continue;
            };
            results.articles.push(SearchHit {
                kind: SearchKind::Article,
                title: hl(&a.title, &near),
                excerpt: hl(&a.body, &near),
                id: a.id,
                conversation_id: None,
                message_id: None,
                at: Some(a.updated_at),
            });
        }
        Ok(results)
    }
}

impl Store {
    /// Products for the product finder (COM-4): every product by name, or
    /// those matching `text` (name, SKU, model, category; typos forgiven)
    /// best first.
    pub fn products(&self, text: &str, limit: usize) -> DeskResult<Vec<Product>> {
        let query = Query::parse(text);
        let conn = self.conn();
        if query.is_empty() {
            let mut all: Vec<Product> = conn
                .prepare_cached("SELECT json FROM products")
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, String>(0))?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map_err(storage)?
                .iter()
                .filter_map(|j| serde_json::from_str(j).ok())
                .collect();
            all.sort_by(|a: &Product, b| a.name.cmp(&b.name));
            all.truncate(limit);
            return Ok(all);
        }
        let (rows, _) = matches(&conn, "search_products", &query, true, "rank", limit)?;
        let mut found = Vec::new();
        for rowid in rows {
            if let Some(p) = json_at::<Product>(&conn, "products", rowid)? {
                found.push(p);
            }
        }
        Ok(found)
    }
}
