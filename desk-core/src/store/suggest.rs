//! Suggested articles for a conversation (KB-7), ranked by BM25 over the
//! cached articles' search index (see `crate::suggest` for the query).

use fiido_protocol::model::{Article, Visibility};
use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::error::{storage, DeskResult};
use crate::suggest::{query, Method};

impl Store {
    /// The best `limit` published articles for `message`, best first.
    pub fn suggest_articles(
        &self,
        message: &str,
        limit: usize,
        method: Method,
    ) -> DeskResult<Vec<Article>> {
        let Some(expression) = query(message, method) else {
            return Ok(Vec::new());
        };
        let conn = self.conn();
        let mut statement = conn
            .prepare_cached(
                "SELECT a.json FROM search_articles s JOIN articles a ON a.rowid = s.rowid \
                 WHERE search_articles MATCH ?1 ORDER BY bm25(search_articles) LIMIT ?2",
            )
            .map_err(storage)?;
        let rows = statement
            .query_map(params![expression, (limit * 3) as i64], |r| {
                r.get::<_, String>(0)
            })
            .map_err(storage)?;
        let mut found = Vec::new();
        for json in rows {
            let article: Article =
                serde_json::from_str(&json.map_err(storage)?).map_err(storage)?;
            if article.visibility != Visibility::Draft && found.len() < limit {
                found.push(article);
            }
        }
        Ok(found)
    }

    /// The top three articles for the customer's latest message in a
    /// conversation; none when the customer has not written.
    pub fn suggestions_for(&self, conversation_id: &str) -> DeskResult<Vec<Article>> {
        let latest: Option<String> = self
            .conn()
            .query_row(
                "SELECT body FROM messages WHERE conversation_id = ?1 AND author = 'customer' \
                 ORDER BY created_at DESC, id DESC LIMIT 1",
                params![conversation_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(storage)?;
        match latest {
            Some(body) => self.suggest_articles(&body, 3, Method::DEFAULT),
            None => Ok(Vec::new()),
        }
    }
}
