//! Article images (KB-2), addressed by the SHA-256 of their bytes: the same
//! image uploaded twice is stored once.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::error::AppResult;

/// The id of these bytes: their SHA-256 in lower-case hex.
pub fn id_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores an image under its id (nothing happens when it is already there).
pub async fn put(
    conn: &mut AnyConnection,
    content_type: &str,
    bytes: &[u8],
    uploaded_by: Option<&str>,
    at: i64,
) -> AppResult<String> {
    let id = id_of(bytes);
    sqlx::query(
        "INSERT INTO media (id, content_type, data, size, uploaded_by, at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&id)
    .bind(content_type)
    .bind(STANDARD.encode(bytes))
    .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
    .bind(uploaded_by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(id)
}

/// An image's type and bytes.
pub async fn get(pool: &AnyPool, id: &str) -> AppResult<Option<(String, Vec<u8>)>> {
    let row = sqlx::query("SELECT content_type, data FROM media WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let data: String = row.try_get("data")?;
    let bytes = STANDARD
        .decode(data)
        .map_err(|e| anyhow::anyhow!("stored image {id} is not base64: {e}"))?;
    Ok(Some((row.try_get("content_type")?, bytes)))
}
