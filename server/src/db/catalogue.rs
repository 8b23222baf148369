//! The store's reference data: products, orders, quick replies and articles.
//! Read-only over the API for now; the demo store fills them.

use fiido_protocol::model::{Article, Money, Order, Product, QuickReply, ReplyScope, UsedKind};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::codec::{enum_to_text, from_json_text, text_to_enum, to_json_text};
use super::Scope;
use crate::error::AppResult;

fn product_from_row(row: &AnyRow) -> AppResult<Product> {
    Ok(Product {
        sku: row.try_get("sku")?,
        name: row.try_get("name")?,
        model: row.try_get("model")?,
        category: row.try_get("category")?,
        prices: from_json_text(&row.try_get::<String, _>("prices")?)?,
        stock: from_json_text(&row.try_get::<String, _>("stock")?)?,
        restock_eta_days: row.try_get("restock_eta_days")?,
    })
}

/// Inserts a product.
pub async fn insert_product(conn: &mut AnyConnection, p: &Product) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO products (sku, name, model, category, prices, stock, restock_eta_days) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&p.sku)
    .bind(&p.name)
    .bind(&p.model)
    .bind(&p.category)
    .bind(to_json_text(&p.prices)?)
    .bind(to_json_text(&p.stock)?)
    .bind(p.restock_eta_days)
    .execute(conn)
    .await?;
    Ok(())
}

/// A product of the catalogue by SKU.
pub async fn product_by_sku(conn: &mut AnyConnection, sku: &str) -> AppResult<Option<Product>> {
    let row = sqlx::query("SELECT * FROM products WHERE sku = $1")
        .bind(sku)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(product_from_row).transpose()
}

/// One page of products after the cursor SKU.
pub async fn products_page(pool: &AnyPool, after_sku: &str, limit: i64) -> AppResult<Vec<Product>> {
    let rows = sqlx::query("SELECT * FROM products WHERE sku > $1 ORDER BY sku LIMIT $2")
        .bind(after_sku)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(product_from_row).collect()
}

/// Maps an orders row.
pub fn order_from_row(row: &AnyRow) -> AppResult<Order> {
    Ok(Order {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        store_id: row.try_get("store_id")?,
        customer_id: row.try_get("customer_id")?,
        status: text_to_enum(&row.try_get::<String, _>("status")?)?,
        items: from_json_text(&row.try_get::<String, _>("items")?)?,
        total: Money {
            amount_minor: row.try_get("total_minor")?,
            currency: row.try_get("currency")?,
        },
        carrier: row.try_get("carrier")?,
        tracking_no: row.try_get("tracking_no")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        shipping_address: row.try_get("shipping_address")?,
        note: row.try_get("note")?,
        timeline: from_json_text(&row.try_get::<String, _>("timeline")?)?,
        urged_at: row.try_get("urged_at")?,
        refund: row
            .try_get::<Option<String>, _>("refund")?
            .map(|json| from_json_text(&json))
            .transpose()?,
        review: row.try_get("review_rating")?,
    })
}

/// Inserts an order.
pub async fn insert_order(conn: &mut AnyConnection, o: &Order) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO orders (id, number, store_id, customer_id, status, items, total_minor, currency, \
         carrier, tracking_no, created_at, updated_at, shipping_address, note, timeline, urged_at, refund, \
         review_rating) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(&o.id)
    .bind(&o.number)
    .bind(&o.store_id)
    .bind(&o.customer_id)
    .bind(enum_to_text(&o.status))
    .bind(to_json_text(&o.items)?)
    .bind(o.total.amount_minor)
    .bind(&o.total.currency)
    .bind(&o.carrier)
    .bind(&o.tracking_no)
    .bind(o.created_at)
    .bind(o.updated_at)
    .bind(&o.shipping_address)
    .bind(&o.note)
    .bind(to_json_text(&o.timeline)?)
    .bind(o.urged_at)
    .bind(o.refund.as_ref().map(to_json_text).transpose()?)
    .bind(o.review)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores what an action changed on an order (COM-2).
pub async fn save_order(conn: &mut AnyConnection, o: &Order) -> AppResult<()> {
    sqlx::query(
        "UPDATE orders SET status = $2, updated_at = $3, shipping_address = $4, note = $5, \
         timeline = $6, urged_at = $7, refund = $8 WHERE id = $1",
    )
    .bind(&o.id)
    .bind(enum_to_text(&o.status))
    .bind(o.updated_at)
    .bind(&o.shipping_address)
    .bind(&o.note)
    .bind(to_json_text(&o.timeline)?)
    .bind(o.urged_at)
    .bind(o.refund.as_ref().map(to_json_text).transpose()?)
    .execute(conn)
    .await?;
    Ok(())
}

/// One page of visible orders after the cursor id, optionally of one customer.
pub async fn orders_page(
    pool: &AnyPool,
    scope: &Scope,
    customer_id: Option<&str>,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<Order>> {
    let rows = sqlx::query(
        "SELECT * FROM orders WHERE id > $1 AND \
         ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3)) \
         AND ($4 IS NULL OR customer_id = $4) ORDER BY id LIMIT $5",
    )
    .bind(after_id)
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .bind(customer_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(order_from_row).collect()
}

/// A visible order by id or by its customer-facing number.
pub async fn visible_order<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    scope: &Scope,
    id_or_number: &str,
) -> AppResult<Option<Order>> {
    let row = sqlx::query(
        "SELECT * FROM orders WHERE (id = $1 OR number = $1) AND \
         ($2 = 1 OR store_id IN (SELECT store_id FROM agent_stores WHERE agent_id = $3))",
    )
    .bind(id_or_number)
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(order_from_row).transpose()
}

fn quick_reply_from_row(row: &AnyRow) -> AppResult<QuickReply> {
    Ok(QuickReply {
        id: row.try_get("id")?,
        store_id: row.try_get("store_id")?,
        scope: text_to_enum(&row.try_get::<String, _>("scope")?)?,
        owner_id: row.try_get("owner_id")?,
        category: row.try_get("category")?,
        title: row.try_get("title")?,
        variants: from_json_text(&row.try_get::<String, _>("variants")?)?,
        position: row.try_get("position")?,
        uses: row.try_get("uses")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Inserts a quick reply.
pub async fn insert_quick_reply(conn: &mut AnyConnection, q: &QuickReply) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO quick_replies (id, store_id, scope, owner_id, category, title, variants, position, uses, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&q.id)
    .bind(&q.store_id)
    .bind(enum_to_text(&q.scope))
    .bind(&q.owner_id)
    .bind(&q.category)
    .bind(&q.title)
    .bind(to_json_text(&q.variants)?)
    .bind(q.position)
    .bind(q.uses)
    .bind(q.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A quick reply by id, whoever owns it.
pub async fn quick_reply_by_id(
    conn: &mut AnyConnection,
    id: &str,
) -> AppResult<Option<QuickReply>> {
    let row = sqlx::query("SELECT * FROM quick_replies WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(quick_reply_from_row).transpose()
}

/// Rewrites a quick reply's editable fields.
pub async fn update_quick_reply(conn: &mut AnyConnection, q: &QuickReply) -> AppResult<()> {
    sqlx::query(
        "UPDATE quick_replies SET category = $1, title = $2, variants = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(&q.category)
    .bind(&q.title)
    .bind(to_json_text(&q.variants)?)
    .bind(q.updated_at)
    .bind(&q.id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The position after the last reply of a list: the team's, or one
/// agent's personal replies.
pub async fn next_quick_reply_position(
    conn: &mut AnyConnection,
    scope: ReplyScope,
    owner_id: Option<&str>,
) -> AppResult<i64> {
    Ok(sqlx::query(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM quick_replies \
         WHERE scope = $1 AND ($2 IS NULL OR owner_id = $2)",
    )
    .bind(enum_to_text(&scope))
    .bind(owner_id)
    .fetch_one(conn)
    .await?
    .try_get(0)?)
}

/// Moves a quick reply to `position` in its list.
pub async fn set_quick_reply_position(
    conn: &mut AnyConnection,
    id: &str,
    position: i64,
) -> AppResult<()> {
    sqlx::query("UPDATE quick_replies SET position = $1 WHERE id = $2")
        .bind(position)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts one insertion of a quick reply or article; the new total, or
/// None when it no longer exists.
pub async fn count_use(
    conn: &mut AnyConnection,
    kind: UsedKind,
    id: &str,
) -> AppResult<Option<i64>> {
    let sql = match kind {
        UsedKind::QuickReply => {
            "UPDATE quick_replies SET uses = uses + 1 WHERE id = $1 RETURNING uses"
        }
        UsedKind::Article => "UPDATE articles SET uses = uses + 1 WHERE id = $1 RETURNING uses",
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(conn).await?;
    row.map(|r| r.try_get(0)).transpose().map_err(Into::into)
}

/// Deletes a quick reply.
pub async fn delete_quick_reply(conn: &mut AnyConnection, id: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM quick_replies WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An article by id.
pub async fn article_by_id(conn: &mut AnyConnection, id: &str) -> AppResult<Option<Article>> {
    let row = sqlx::query("SELECT * FROM articles WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(article_from_row).transpose()
}

/// Rewrites an article and keeps the new version as its next revision.
pub async fn save_article(
    conn: &mut AnyConnection,
    a: &Article,
    author_id: &str,
    is_new: bool,
) -> AppResult<()> {
    if is_new {
        insert_article(&mut *conn, a).await?;
    } else {
        sqlx::query(
            "UPDATE articles SET category_path = $1, title = $2, body = $3, visibility = $4, updated_at = $5 \
             WHERE id = $6",
        )
        .bind(to_json_text(&a.category_path)?)
        .bind(&a.title)
        .bind(&a.body)
        .bind(enum_to_text(&a.visibility))
        .bind(a.updated_at)
        .bind(&a.id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO article_revisions (article_id, revision, title, body, category_path, visibility, author_id, at) \
         SELECT $1, COALESCE(MAX(revision), 0) + 1, $2, $3, $4, $5, $6, $7 FROM article_revisions WHERE article_id = $1",
    )
    .bind(&a.id)
    .bind(&a.title)
    .bind(&a.body)
    .bind(to_json_text(&a.category_path)?)
    .bind(enum_to_text(&a.visibility))
    .bind(author_id)
    .bind(a.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// An article's versions, newest first.
pub async fn article_revisions(
    pool: &AnyPool,
    article_id: &str,
) -> AppResult<Vec<fiido_protocol::model::ArticleRevision>> {
    let rows =
        sqlx::query("SELECT * FROM article_revisions WHERE article_id = $1 ORDER BY revision DESC")
            .bind(article_id)
            .fetch_all(pool)
            .await?;
    rows.iter()
        .map(|row| {
            Ok(fiido_protocol::model::ArticleRevision {
                revision: row.try_get("revision")?,
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                category_path: from_json_text(&row.try_get::<String, _>("category_path")?)?,
                visibility: text_to_enum(&row.try_get::<String, _>("visibility")?)?,
                author_id: row.try_get("author_id")?,
                at: row.try_get("at")?,
            })
        })
        .collect()
}

/// The condition for the quick replies a caller may use: team replies of their stores (or
/// of every store) and their own personal ones. Binds $2..=$5 as
/// [`bind_usable`] does.
macro_rules! usable_reply {
    () => {
        "((scope = $2 AND (store_id IS NULL OR $3 = 1 OR store_id IN \
         (SELECT store_id FROM agent_stores WHERE agent_id = $4))) OR (scope = $5 AND owner_id = $4))"
    };
}

fn bind_usable<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    scope: &'q Scope,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    query
        .bind(enum_to_text(&ReplyScope::Team))
        .bind(scope.all_flag())
        .bind(&scope.agent_id)
        .bind(enum_to_text(&ReplyScope::Personal))
}

/// One page of the quick replies a caller may use (`usable_reply!`).
pub async fn quick_replies_page(
    pool: &AnyPool,
    scope: &Scope,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<QuickReply>> {
    let sql = concat!(
        "SELECT * FROM quick_replies WHERE id > $1 AND ",
        usable_reply!(),
        " ORDER BY id LIMIT $6"
    );
    let rows = bind_usable(sqlx::query(sql).bind(after_id), scope)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(quick_reply_from_row).collect()
}

/// The quick reply `id`, if the caller may use it (to check what an agent
/// puts on a shortcut).
pub async fn usable_quick_reply(
    pool: &AnyPool,
    scope: &Scope,
    id: &str,
) -> AppResult<Option<QuickReply>> {
    let sql = concat!(
        "SELECT * FROM quick_replies WHERE id = $1 AND ",
        usable_reply!()
    );
    let row = bind_usable(sqlx::query(sql).bind(id), scope)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(quick_reply_from_row).transpose()
}

fn article_from_row(row: &AnyRow) -> AppResult<Article> {
    Ok(Article {
        id: row.try_get("id")?,
        store_id: row.try_get("store_id")?,
        category_path: from_json_text(&row.try_get::<String, _>("category_path")?)?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        language: row.try_get("language")?,
        visibility: text_to_enum(&row.try_get::<String, _>("visibility")?)?,
        uses: row.try_get("uses")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Inserts an article.
pub async fn insert_article(conn: &mut AnyConnection, a: &Article) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO articles (id, store_id, category_path, title, body, language, visibility, uses, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&a.id)
    .bind(&a.store_id)
    .bind(to_json_text(&a.category_path)?)
    .bind(&a.title)
    .bind(&a.body)
    .bind(&a.language)
    .bind(enum_to_text(&a.visibility))
    .bind(a.uses)
    .bind(a.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// One page of the articles a caller may read: of their stores (or every
/// store), drafts only for leads and admins.
pub async fn articles_page(
    pool: &AnyPool,
    scope: &Scope,
    after_id: &str,
    limit: i64,
) -> AppResult<Vec<Article>> {
    let rows = sqlx::query(
        "SELECT * FROM articles WHERE id > $1 AND ($2 = 1 OR visibility <> 'draft') \
         AND (store_id IS NULL OR $3 = 1 OR store_id IN \
         (SELECT store_id FROM agent_stores WHERE agent_id = $4)) ORDER BY id LIMIT $5",
    )
    .bind(after_id)
    .bind(i64::from(scope.sees_drafts))
    .bind(scope.all_flag())
    .bind(&scope.agent_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(article_from_row).collect()
}
