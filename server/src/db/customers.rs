//! Customers (CUST-1).

use fiido_protocol::model::Customer;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{enum_to_text, from_json_text, text_to_enum, to_json_text};
use super::Scope;
use crate::error::AppResult;

/// Maps a customers row.
pub fn from_row(row: &AnyRow) -> AppResult<Customer> {
    Ok(Customer {
        id: row.try_get("id")?,
        store_id: row.try_get("store_id")?,
        nickname: row.try_get("nickname")?,
        email: row.try_get("email")?,
        avatar_url: row.try_get("avatar_url")?,
        vip_level: row.try_get("vip_level")?,
        tags: from_json_text(&row.try_get::<String, _>("tags")?)?,
        source: text_to_enum(&row.try_get::<String, _>("source")?)?,
        country: row.try_get("country")?,
        city: row.try_get("city")?,
        timezone: row.try_get("timezone")?,
        device: row.try_get("device")?,
        language: row.try_get("language")?,
        visits_this_month: row.try_get("visits_this_month")?,
        blocked: row.try_get::<i64, _>("blocked")? != 0,
        created_at: row.try_get("created_at")?,
        behaviour: row
            .try_get::<Option<String>, _>("behaviour")?
            .map(|json| from_json_text(&json))
            .transpose()?,
    })
}

/// Keeps what a visitor did on the shop (CUST-3).
pub async fn set_behaviour(
    conn: &mut AnyConnection,
    id: &str,
    behaviour: &fiido_protocol::model::Behaviour,
) -> AppResult<()> {
    let cart_at = (!behaviour.cart.is_empty()).then_some(behaviour.updated_at);
    sqlx::query("UPDATE customers SET behaviour = $1, cart_at = $2 WHERE id = $3")
        .bind(to_json_text(behaviour)?)
        .bind(cart_at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Inserts a customer.
pub async fn insert(conn: &mut AnyConnection, c: &Customer) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO customers (id, store_id, nickname, email, avatar_url, vip_level, tags, source, \
         country, city, timezone, device, language, visits_this_month, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&c.id)
    .bind(&c.store_id)
    .bind(&c.nickname)
    .bind(&c.email)
    .bind(&c.avatar_url)
    .bind(c.vip_level)
    .bind(to_json_text(&c.tags)?)
    .bind(enum_to_text(&c.source))
    .bind(&c.country)
    .bind(&c.city)
    .bind(&c.timezone)
    .bind(&c.device)
    .bind(&c.language)
    .bind(c.visits_this_month)
    .bind(c.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer by id, when the caller may see their store.
pub async fn visible_by_id(pool: &AnyPool, scope: &Scope, id: &str) -> AppResult<Option<Customer>> {
    let sql = "SELECT id, store_id, nickname, email, avatar_url, vip_level, tags, source, \
         country, city, timezone, device, language, visits_this_month, created_at, blocked, behaviour FROM customers \
         WHERE id = $1 AND ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3))";
    let row = sqlx::query(sql)
        .bind(id)
        .bind(scope.all_flag())
        .bind(&scope.agent_id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

const BY_ID: &str = "SELECT id, store_id, nickname, email, avatar_url, vip_level, tags, source, \
     country, city, timezone, device, language, visits_this_month, created_at, blocked, behaviour FROM customers WHERE id = $1";

/// A customer by id, for the server's own use.
pub async fn by_id(pool: &AnyPool, id: &str) -> AppResult<Option<Customer>> {
    let row = sqlx::query(BY_ID).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(from_row).transpose()
}

/// A customer by id inside a write transaction.
pub async fn by_id_in(conn: &mut AnyConnection, id: &str) -> AppResult<Option<Customer>> {
    let row = sqlx::query(BY_ID).bind(id).fetch_optional(conn).await?;
    row.as_ref().map(from_row).transpose()
}

/// One page of visible customers after the cursor id, optionally in one store.
pub async fn visible_page(
    pool: &AnyPool,
    scope: &Scope,
    store_id: Option<&str>,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<Customer>> {
    let sql = "SELECT id, store_id, nickname, email, avatar_url, vip_level, tags, source, \
         country, city, timezone, device, language, visits_this_month, created_at, blocked, behaviour FROM customers \
         WHERE id > $1 AND ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3)) \
         AND ($4 IS NULL OR store_id = $4) ORDER BY id LIMIT $5";
    let rows = sqlx::query(sql)
        .bind(after_id)
        .bind(scope.all_flag())
        .bind(&scope.agent_id)
        .bind(store_id)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Sets a customer's VIP level and tags.
pub async fn update_profile(
    conn: &mut AnyConnection,
    id: &str,
    vip_level: i64,
    tags: &[String],
    blocked: bool,
) -> AppResult<()> {
    sqlx::query("UPDATE customers SET vip_level = $1, tags = $2, blocked = $3 WHERE id = $4")
        .bind(vip_level)
        .bind(to_json_text(&tags)?)
        .bind(i64::from(blocked))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
