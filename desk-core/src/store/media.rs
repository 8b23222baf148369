//! Article images in the cache (KB-2): fetched once from the server, then
//! shown from here, offline too.

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::error::{storage, DeskResult};

/// The server path articles use for an image; what follows is its id.
pub const MEDIA_PATH: &str = "/api/v1/media/";

/// The ids of the images an article's Markdown shows (`](/api/v1/media/{id})`).
pub fn media_ids(markdown: &str) -> Vec<String> {
    let mut ids: Vec<String> = markdown
        .match_indices(MEDIA_PATH)
        .filter_map(|(at, _)| markdown.get(at + MEDIA_PATH.len()..at + MEDIA_PATH.len() + 64))
        .filter(|id| fiido_protocol::validate::media_id(id).is_ok())
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

impl Store {
    /// A cached image: its type and bytes.
    pub fn media(&self, id: &str) -> DeskResult<Option<(String, Vec<u8>)>> {
        self.conn()
            .query_row(
                "SELECT content_type, bytes FROM media WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(storage)
    }

    /// Keeps an image fetched from the server.
    pub fn save_media(&self, id: &str, content_type: &str, bytes: &[u8]) -> DeskResult<()> {
        self.conn()
            .execute(
                "INSERT OR REPLACE INTO media (id, content_type, bytes) VALUES (?1, ?2, ?3)",
                params![id, content_type, bytes],
            )
            .map(drop)
            .map_err(storage)
    }

    /// The images the cached articles show that are not cached yet.
    pub fn missing_media(&self) -> DeskResult<Vec<String>> {
        let bodies: Vec<String> = self
            .conn()
            .prepare("SELECT json_extract(json, '$.body') FROM articles WHERE json LIKE '%/api/v1/media/%'")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(storage)?;
        let mut missing = Vec::new();
        for id in bodies.iter().flat_map(|b| media_ids(b)) {
            if !missing.contains(&id) && self.media(&id)?.is_none() {
                missing.push(id);
            }
        }
        Ok(missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_media_id_once_and_ignores_what_is_not_one() {
        let id = "a".repeat(64);
        let text = format!(
            "![x](/api/v1/media/{id}) and ![y](/api/v1/media/{id}) and [z](/api/v1/media/nothex) \
             and /api/v1/media/{}",
            "b".repeat(10)
        );
        assert_eq!(media_ids(&text), vec![id]);
    }
}
