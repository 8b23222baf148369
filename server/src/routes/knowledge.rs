//! Writing the knowledge base (KB-2, KB-4, KB-5): leads and admins create
//! and edit articles; each save is kept as a revision; every desk hears of
//! the change.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use fiido_protocol::api::{ArticlePatch, NewArticle};
use fiido_protocol::events::EventData;
use fiido_protocol::model::{Article, ArticleRevision, Visibility};
use fiido_protocol::{validate, ErrorCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::act_once;
use crate::app::AppState;
use crate::auth::{Auth, LeadOrAdmin};
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::extract::ApiJson;
use crate::idempotency::IdempotencyKey;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_article))
        .routes(routes!(update_article))
        .routes(routes!(article_history))
        .routes(routes!(restore_revision))
}

/// The article if the caller may edit it (its store is theirs).
async fn editable(
    conn: &mut sqlx::AnyConnection,
    auth: &Auth<LeadOrAdmin>,
    id: &str,
) -> AppResult<Article> {
    db::catalogue::article_by_id(conn, id)
        .await?
        .filter(|a| auth.scope.sees_store(a.store_id.as_deref()))
        .ok_or_else(|| AppError::not_found("article"))
}

/// An article's saved versions, newest first (KB-4). Leads and admins.
#[utoipa::path(get, path = "/api/v1/articles/{id}/revisions", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses(
        (status = 200, body = Vec<ArticleRevision>),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
    ))]
async fn article_history(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<ArticleRevision>>> {
    let mut conn = state.db.pool().acquire().await?;
    editable(&mut conn, &auth, &id).await?;
    Ok(Json(
        db::catalogue::article_revisions(state.db.pool(), &id).await?,
    ))
}

/// Brings back an earlier version: saved as a new revision, so the history
/// keeps everything, and sent to every desk.
#[utoipa::path(post, path = "/api/v1/articles/{id}/revisions/{revision}/restore", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path), ("revision" = i64, Path)),
    responses(
        (status = 200, body = Article),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found: no such article or revision", body = fiido_protocol::ErrorBody),
    ))]
async fn restore_revision(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    Path((id, revision)): Path<(String, i64)>,
) -> AppResult<Json<Article>> {
    let old = db::catalogue::article_revisions(state.db.pool(), &id)
        .await?
        .into_iter()
        .find(|r| r.revision == revision)
        .ok_or_else(|| AppError::not_found("revision"))?;
    let mut w = state.db.begin_write().await?;
    let mut article = editable(w.conn(), &auth, &id).await?;
    let was = article.visibility;
    article.title = old.title;
    article.body = old.body;
    article.category_path = old.category_path;
    article.visibility = old.visibility;
    article.updated_at = w.now;
    save(&mut w, &article, &auth.agent.id, Some(was)).await?;
    w.commit().await?;
    Ok(Json(article))
}

/// Saves a new (`was` None) or changed article and tells the desks. An
/// article going back to draft is first withdrawn from everyone; the draft
/// itself reaches leads and admins only.
async fn save(
    w: &mut WriteTx,
    article: &Article,
    author: &str,
    was: Option<Visibility>,
) -> AppResult<()> {
    db::catalogue::save_article(w.conn(), article, author, was.is_none()).await?;
    let withdrawn =
        article.visibility == Visibility::Draft && was.is_some_and(|v| v != Visibility::Draft);
    if withdrawn {
        w.append(
            article.store_id.as_deref(),
            None,
            None,
            EventData::ArticleWithdrawn {
                id: article.id.clone(),
            },
        )
        .await?;
    }
    w.append(
        article.store_id.as_deref(),
        None,
        None,
        EventData::ArticleUpserted {
            article: article.clone(),
        },
    )
    .await?;
    Ok(())
}

/// Creates an article (as a draft, internal or public). Leads and admins.
#[utoipa::path(post, path = "/api/v1/articles", tag = "catalogue", security(("bearer" = [])),
    request_body = NewArticle,
    params(("Idempotency-Key" = Option<String>, Header, description = "the client's id for this request")),
    responses(
        (status = 201, body = Article),
        (status = 400, description = "validation_failed (title, body, category_path, language)", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: articles are written by leads and admins", body = fiido_protocol::ErrorBody),
        (status = 409, description = "conflict: an article with this id exists", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn create_article(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    key: IdempotencyKey,
    ApiJson(new): ApiJson<NewArticle>,
) -> AppResult<Response> {
    let checked = validate::new_article(&new)?;
    if !auth.scope.sees_store(checked.store_id.as_deref()) {
        return Err(AppError::not_found("store"));
    }
    let mut article = Article {
        id: checked
            .id
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
        store_id: checked.store_id,
        category_path: checked.category_path,
        title: checked.title,
        body: checked.body,
        language: checked.language,
        visibility: checked.visibility,
        uses: 0,
        updated_at: 0,
    };
    act_once(
        &state,
        &auth.principal(),
        &key,
        "POST /api/v1/articles",
        &new,
        StatusCode::CREATED,
        async |w: &mut WriteTx| {
            if db::catalogue::article_by_id(w.conn(), &article.id)
                .await?
                .is_some()
            {
                return Err(AppError::api(
                    ErrorCode::Conflict,
                    "an article with this id exists",
                ));
            }
            article.updated_at = w.now;
            save(w, &article, &auth.agent.id, None).await?;
            Ok(article)
        },
    )
    .await
}

/// Edits or publishes an article; the previous text stays in its history.
#[utoipa::path(patch, path = "/api/v1/articles/{id}", tag = "catalogue", security(("bearer" = [])),
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "the client's id for this request")),
    request_body = ArticlePatch,
    responses(
        (status = 200, body = Article),
        (status = 400, description = "validation_failed", body = fiido_protocol::ErrorBody),
        (status = 401, description = "unauthenticated", body = fiido_protocol::ErrorBody),
        (status = 403, description = "forbidden: articles are written by leads and admins", body = fiido_protocol::ErrorBody),
        (status = 404, description = "not_found", body = fiido_protocol::ErrorBody),
        (status = 422, description = "idempotency_key_reused", body = fiido_protocol::ErrorBody),
    ))]
async fn update_article(
    State(state): State<AppState>,
    auth: Auth<LeadOrAdmin>,
    key: IdempotencyKey,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<ArticlePatch>,
) -> AppResult<Response> {
    let checked = validate::article_patch(&patch)?;
    act_once(
        &state,
        &auth.principal(),
        &key,
        &format!("PATCH /api/v1/articles/{id}"),
        &patch,
        StatusCode::OK,
        async |w: &mut WriteTx| {
            let mut article = editable(w.conn(), &auth, &id).await?;
            let was = article.visibility;
            article.category_path = checked.category_path.unwrap_or(article.category_path);
            article.title = checked.title.unwrap_or(article.title);
            article.body = checked.body.unwrap_or(article.body);
            article.visibility = checked.visibility.unwrap_or(article.visibility);
            article.updated_at = w.now;
            save(w, &article, &auth.agent.id, Some(was)).await?;
            Ok(article)
        },
    )
    .await
}
