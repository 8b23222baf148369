//! Writing knowledge articles from the desk (KB-2): leads and admins, in the
//! cache at once and delivered through the outbox, like every agent action.

use fiido_protocol::api::{ArticlePatch, NewArticle};
use fiido_protocol::model::{Agent, Article, Role};
use fiido_protocol::{validate, ApiError, ErrorCode};

use super::apply::upsert_article;
use super::outbox::{queue, ArticleUpdate};
use super::{now_ms, Store};
use crate::error::{storage, DeskResult};

fn check_may_write(agent: &Agent) -> DeskResult<()> {
    if agent.role == Role::Agent {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "articles are written by leads and admins",
        ));
    }
    Ok(())
}

impl Store {
    /// Creates an article: in the cache at once, queued for the server with
    /// the id chosen here.
    pub fn enqueue_new_article(&self, new: &NewArticle, agent: &Agent) -> DeskResult<Article> {
        check_may_write(agent)?;
        let request = NewArticle {
            id: Some(uuid::Uuid::now_v7().to_string()),
            ..validate::new_article(new)?
        };
        let article = Article {
            id: request.id.clone().unwrap_or_default(),
            store_id: request.store_id.clone(),
            category_path: request.category_path.clone(),
            title: request.title.clone(),
            body: request.body.clone(),
            language: request.language.clone(),
            visibility: request.visibility,
            uses: 0,
            updated_at: now_ms(),
        };
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_article(&tx, &article)?;
        queue(&tx, "create_article", None, &request)?;
        tx.commit().map_err(storage)?;
        Ok(article)
    }

    /// Changes an article: in the cache at once and queued for the server.
    pub fn enqueue_article_update(
        &self,
        id: &str,
        patch: &ArticlePatch,
        agent: &Agent,
    ) -> DeskResult<Article> {
        check_may_write(agent)?;
        let mut article = self
            .json_row::<Article>("SELECT json FROM articles WHERE id = ?1", id)?
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "that article no longer exists"))?;
        let patch = validate::article_patch(patch)?;
        article.category_path = patch.category_path.clone().unwrap_or(article.category_path);
        article.title = patch.title.clone().unwrap_or(article.title);
        article.body = patch.body.clone().unwrap_or(article.body);
        article.visibility = patch.visibility.unwrap_or(article.visibility);
        article.updated_at = now_ms();
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(storage)?;
        upsert_article(&tx, &article)?;
        queue(
            &tx,
            "update_article",
            None,
            &ArticleUpdate {
                id: id.to_owned(),
                patch,
            },
        )?;
        tx.commit().map_err(storage)?;
        Ok(article)
    }

    /// The server took an article change: its copy is kept and the row goes.
    pub fn complete_article(&self, client_id: &str, article: &Article) -> DeskResult<()> {
        self.complete_change(client_id, "update_article", &article.id, |tx| {
            upsert_article(tx, article)
        })
    }
}
