//! Stored first responses of requests that carried an `Idempotency-Key`.

use sqlx::{AnyConnection, Row};

use crate::error::AppResult;

/// The first response given for a key.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// The stored response for `(principal, key)`, if any.
pub async fn find(
    conn: &mut AnyConnection,
    principal: &str,
    key: &str,
) -> AppResult<Option<StoredResponse>> {
    let row = sqlx::query(
        "SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND key = $2",
    )
    .bind(principal)
    .bind(key)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(StoredResponse {
            request_hash: r.try_get("request_hash")?,
            status: u16::try_from(r.try_get::<i64, _>("status")?).unwrap_or(200),
            body: r.try_get("response")?,
        })
    })
    .transpose()
}

/// Records the response of the first request with a key.
pub async fn store(
    conn: &mut AnyConnection,
    principal: &str,
    key: &str,
    response: &StoredResponse,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO idempotency_keys (principal, key, request_hash, status, response, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(principal)
    .bind(key)
    .bind(&response.request_hash)
    .bind(i64::from(response.status))
    .bind(&response.body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
