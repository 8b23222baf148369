//! Quick replies for the composer (QR-2, QR-3).

use fiido_desk_core::templates::FilledReply;
use fiido_desk_core::DeskError;
use fiido_protocol::api::{ArticlePatch, NewArticle, NewQuickReply, QuickReplyPatch};
use fiido_protocol::model::{Article, ArticleRevision, QuickReply, UsedKind, Visibility};
use fiido_protocol::{ApiError, ErrorCode};
use tauri::State;

use crate::session::AppState;

/// The reply in slot 1..=9 (Ctrl+1..9) for a conversation, its variables
/// filled; the ones without a value are listed in `missing`. Null when the
/// slot is empty.
#[tauri::command]
#[specta::specta]
pub async fn slot_reply(
    state: State<'_, AppState>,
    conversation_id: String,
    slot: u8,
) -> Result<Option<FilledReply>, DeskError> {
    if !(1..=9).contains(&slot) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "slot",
            "quick-reply slots are 1 to 9",
        ));
    }
    state
        .with_session(|s| {
            let filled =
                s.store
                    .filled_slot_reply(&conversation_id, i64::from(slot), &s.info.agent)?;
            if let Some(reply) = &filled {
                s.store.enqueue_use(UsedKind::QuickReply, &reply.id)?;
                s.engine.outbox_changed();
            }
            Ok(filled)
        })
        .await
}

/// Every quick reply the agent may use, their own first, each list in its
/// chosen order (for the shortcut settings and the picker).
#[tauri::command]
#[specta::specta]
pub async fn quick_replies(state: State<'_, AppState>) -> Result<Vec<QuickReply>, DeskError> {
    state.with_session(|s| s.store.quick_replies()).await
}

/// A quick reply filled for a conversation (the `/` picker's preview and
/// insert, QR-2, QR-5); null when the reply or the conversation is gone.
#[tauri::command]
#[specta::specta]
pub async fn fill_reply(
    state: State<'_, AppState>,
    conversation_id: String,
    reply_id: String,
) -> Result<Option<FilledReply>, DeskError> {
    state
        .with_session(|s| {
            s.store
                .filled_reply(&conversation_id, &reply_id, &s.info.agent)
        })
        .await
}

/// The published articles, which may go into a reply (internal notes and
/// drafts may not), by title.
#[tauri::command]
#[specta::specta]
pub async fn reply_articles(state: State<'_, AppState>) -> Result<Vec<Article>, DeskError> {
    state
        .with_session(|s| {
            let mut articles = s.store.articles()?;
            articles.retain(|a| a.visibility == Visibility::Public);
            Ok(articles)
        })
        .await
}

/// The three articles most likely to answer the customer's latest message
/// in a conversation (KB-7), ranked in the cache: works offline.
#[tauri::command]
#[specta::specta]
pub async fn suggested_articles(
    state: State<'_, AppState>,
    conversation_id: String,
) -> Result<Vec<Article>, DeskError> {
    state
        .with_session(|s| s.store.suggestions_for(&conversation_id))
        .await
}

/// Creates a quick reply (personal; team ones for leads and admins): usable
/// at once, delivered through the outbox (QR-1, QR-4).
#[tauri::command]
#[specta::specta]
pub async fn create_quick_reply(
    state: State<'_, AppState>,
    reply: NewQuickReply,
) -> Result<QuickReply, DeskError> {
    state
        .with_session(|s| {
            let reply = s.store.enqueue_new_quick_reply(&reply, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(reply)
        })
        .await
}

/// Changes a quick reply the agent may change: at once, through the outbox.
#[tauri::command]
#[specta::specta]
pub async fn update_quick_reply(
    state: State<'_, AppState>,
    id: String,
    patch: QuickReplyPatch,
) -> Result<QuickReply, DeskError> {
    state
        .with_session(|s| {
            let reply = s
                .store
                .enqueue_quick_reply_update(&id, &patch, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(reply)
        })
        .await
}

/// Every article in the cache (the server sent what the agent's role may
/// read: drafts only to leads and admins), by title, for the knowledge base.
#[tauri::command]
#[specta::specta]
pub async fn knowledge_articles(state: State<'_, AppState>) -> Result<Vec<Article>, DeskError> {
    state.with_session(|s| s.store.articles()).await
}

/// An article's saved versions, newest first (KB-4; leads and admins). The
/// history lives on the server: offline this answers `unreachable`.
#[tauri::command]
#[specta::specta]
pub async fn article_revisions(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<ArticleRevision>, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.article_revisions(&id).await?)
}

/// Brings back an earlier version of an article (saved as a new revision;
/// every desk gets it as an event).
#[tauri::command]
#[specta::specta]
pub async fn restore_article_revision(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
) -> Result<Article, DeskError> {
    let client = state.with_session(|s| Ok(s.client.clone())).await?;
    Ok(client.restore_article_revision(&id, revision).await?)
}

/// Creates a knowledge article (leads and admins): in the knowledge base at
/// once, delivered through the outbox.
#[tauri::command]
#[specta::specta]
pub async fn create_article(
    state: State<'_, AppState>,
    article: NewArticle,
) -> Result<Article, DeskError> {
    state
        .with_session(|s| {
            let article = s.store.enqueue_new_article(&article, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(article)
        })
        .await
}

/// Changes a knowledge article (leads and admins), through the outbox.
#[tauri::command]
#[specta::specta]
pub async fn update_article(
    state: State<'_, AppState>,
    id: String,
    patch: ArticlePatch,
) -> Result<Article, DeskError> {
    state
        .with_session(|s| {
            let article = s.store.enqueue_article_update(&id, &patch, &s.info.agent)?;
            s.engine.outbox_changed();
            Ok(article)
        })
        .await
}

/// Uploads an image for an article (leads and admins) and answers the
/// Markdown that shows it. Needs the server: offline it answers `unreachable`.
#[tauri::command]
#[specta::specta]
pub async fn upload_article_image(
    state: State<'_, AppState>,
    content_type: String,
    bytes: Vec<u8>,
    name: String,
) -> Result<String, DeskError> {
    fiido_protocol::validate::media(&content_type, &bytes)?;
    let (client, store) = state
        .with_session(|s| Ok((s.client.clone(), s.store.clone())))
        .await?;
    let media = client.upload_media(&content_type, bytes.clone()).await?;
    store.save_media(&media.id, &content_type, &bytes)?;
    let text: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '\n' | '\r'))
        .take(80)
        .collect();
    Ok(format!("![{}]({})", text.trim(), media.url))
}
