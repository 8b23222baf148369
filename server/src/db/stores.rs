//! Stores and the origins their widgets may be embedded on.

use fiido_protocol::model::Store;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{from_json_text, to_json_text};
use super::Scope;
use crate::error::AppResult;

/// `SELECT` of the columns `from_row` reads, then the rest of the query.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, key, name, domain, currency, timezone, overdue_after_secs, coupons FROM stores ",
            $rest
        )
    };
}

fn from_row(row: &AnyRow) -> AppResult<Store> {
    Ok(Store {
        id: row.try_get("id")?,
        key: row.try_get("key")?,
        name: row.try_get("name")?,
        domain: row.try_get("domain")?,
        currency: row.try_get("currency")?,
        timezone: row.try_get("timezone")?,
        overdue_after_secs: row.try_get("overdue_after_secs")?,
        coupons: from_json_text(&row.try_get::<String, _>("coupons")?)?,
    })
}

/// Inserts a store with the browser origins allowed to embed its widget.
pub async fn insert(conn: &mut AnyConnection, store: &Store, origins: &[String]) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO stores (id, key, name, domain, currency, timezone, overdue_after_secs, origins, coupons) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&store.id)
    .bind(&store.key)
    .bind(&store.name)
    .bind(&store.domain)
    .bind(&store.currency)
    .bind(&store.timezone)
    .bind(store.overdue_after_secs)
    .bind(to_json_text(&origins)?)
    .bind(to_json_text(&store.coupons)?)
    .execute(conn)
    .await?;
    Ok(())
}

/// The stores a caller may see, by name.
pub async fn visible(pool: &AnyPool, scope: &Scope) -> AppResult<Vec<Store>> {
    let rows = sqlx::query(select!("\
         WHERE $1 = 1 OR id IN (SELECT store_id FROM agent_stores WHERE agent_id = $2) ORDER BY name"))
        .bind(scope.all_flag())
        .bind(&scope.agent_id)
        .fetch_all(pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// A store by id, if the caller may see it.
pub async fn visible_by_id(pool: &AnyPool, scope: &Scope, id: &str) -> AppResult<Option<Store>> {
    let row = sqlx::query(select!("\
         WHERE id = $1 AND ($2 = 1 OR id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3))"))
    .bind(id)
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Sets how long a customer may wait before the chat is overdue (AUTO-2).
pub async fn set_overdue_after(conn: &mut AnyConnection, id: &str, secs: i64) -> AppResult<()> {
    sqlx::query("UPDATE stores SET overdue_after_secs = $1 WHERE id = $2")
        .bind(secs)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A store by its public widget key.
pub async fn by_key(pool: &AnyPool, key: &str) -> AppResult<Option<Store>> {
    let row = sqlx::query(select!("WHERE key = $1"))
        .bind(key)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// A store by id.
pub async fn by_id<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    id: &str,
) -> AppResult<Option<Store>> {
    let row = sqlx::query(select!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every origin any store allows, for CORS.
pub async fn all_origins(pool: &AnyPool) -> AppResult<Vec<String>> {
    let rows = sqlx::query("SELECT origins FROM stores")
        .fetch_all(pool)
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let list: Vec<String> = from_json_text(&row.try_get::<String, _>("origins")?)?;
        out.extend(list);
    }
    Ok(out)
}

/// Every store id, for admins' scopes.
pub async fn all_ids(pool: &AnyPool) -> AppResult<Vec<String>> {
    let rows = sqlx::query("SELECT id FROM stores ORDER BY id")
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
}

/// Whether the database holds no store yet (the demo fills only an empty one).
pub async fn is_empty(pool: &AnyPool) -> AppResult<bool> {
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM stores")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok(n == 0)
}
