//! HTTP routes, one module per resource. Handlers are thin: they check
//! input, call `db` or `chat`, and shape the answer.

mod agent_socket;
pub mod attachments;
pub mod auth;
pub mod auto_replies;
pub mod catalogue;
pub mod channels;
pub mod conversation_actions;
pub mod conversations;
pub mod customers;
pub mod knowledge;
mod live;
pub mod media;
pub mod order_actions;
pub mod privacy;
pub mod quick_replies;
pub mod routing;
pub mod settings;
pub mod stats;
pub mod stores;
pub mod sync;
pub mod system;
pub mod tickets;
pub mod usage;
pub mod widget;
mod widget_socket;

use axum::http::StatusCode;
use axum::response::Response;
use fiido_protocol::api::SendMessageRequest;
use fiido_protocol::attachments::Attachment;
use fiido_protocol::model::Conversation;
use fiido_protocol::validate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::chat::{self, Writer};
use crate::db::{self, codec::decode_cursor};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};

/// `?cursor=&limit=` of every paged list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1..=500, default 100.
    pub limit: Option<u32>,
}

impl PageQuery {
    /// The id to continue after and the validated page size.
    pub fn resolve(&self) -> AppResult<(String, i64)> {
        let limit = validate::page_limit(self.limit)?;
        let after = match &self.cursor {
            Some(c) => decode_cursor(c)?,
            None => String::new(),
        };
        Ok((after, i64::from(limit)))
    }
}

/// The `next_cursor` for a page that came back full.
pub fn next_cursor<T>(items: &[T], limit: i64, key: impl Fn(&T) -> &str) -> Option<String> {
    if items.len() as i64 >= limit {
        items
            .last()
            .map(|item| crate::db::codec::encode_cursor(key(item)))
    } else {
        None
    }
}

/// Acts once per `Idempotency-Key`: the effect and its response are stored in
/// one transaction; a repeat gets the first response, the same key with
/// another body is 422. Without a key it simply acts.
pub(crate) async fn act_once<T: serde::Serialize>(
    state: &AppState,
    principal: &str,
    key: &IdempotencyKey,
    route: &str,
    request: &impl serde::Serialize,
    status: StatusCode,
    act: impl AsyncFnOnce(&mut db::WriteTx) -> AppResult<T>,
) -> AppResult<Response> {
    let fingerprint = idempotency::fingerprint(route, request)?;
    let mut w = state.db.begin_write().await?;
    if let Some(replay) = idempotency::replay(&mut w, principal, key, &fingerprint).await? {
        return Ok(replay);
    }
    let value = act(&mut w).await?;
    let response =
        idempotency::record(&mut w, principal, key, &fingerprint, status, &value).await?;
    w.commit().await?;
    Ok(response)
}

/// A message send, from an agent or a visitor.
pub(crate) struct SendParts<'a> {
    /// Who sends, as idempotency records name them.
    pub principal: String,
    pub key: IdempotencyKey,
    /// Names the route in the request fingerprint.
    pub route: &'static str,
    pub conversation_id: String,
    /// The conversation to create when it does not exist yet (a visitor's
    /// first message); None answers 404 instead.
    pub new_conversation: Option<Conversation>,
    pub writer: Writer<'a>,
    pub request: SendMessageRequest,
    /// The validated body.
    pub body: String,
    /// A checked file sent with the message, stored in the same transaction.
    pub file: Option<UploadedFile>,
}

/// A file that passed `fiido_protocol::attachments::check`.
pub(crate) struct UploadedFile {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: axum::body::Bytes,
}

/// Sends a message exactly once per `Idempotency-Key`: a repeat gets the
/// first response, the same key with another body is 422.
pub(crate) async fn send_message_once(
    state: &AppState,
    parts: SendParts<'_>,
) -> AppResult<Response> {
    // A file is part of what a key stands for: the same key with other bytes is 422.
    let file_id = parts.file.as_ref().map(|f| db::media::id_of(&f.bytes));
    let route = format!(
        "{} {} {}",
        parts.route,
        parts.conversation_id,
        file_id.as_deref().unwrap_or_default()
    );
    let fingerprint = idempotency::fingerprint(&route, &parts.request)?;
    let mut w = state.db.begin_write().await?;
    if let Some(replay) =
        idempotency::replay(&mut w, &parts.principal, &parts.key, &fingerprint).await?
    {
        return Ok(replay);
    }
    let conversation = match db::conversations::by_id_in(w.conn(), &parts.conversation_id).await? {
        Some(c) => c,
        None => parts
            .new_conversation
            .ok_or_else(|| AppError::not_found("conversation"))?,
    };
    let attachment = match parts.file {
        Some(file) => {
            let now = w.now;
            let id = db::attachments::put(w.conn(), file.content_type, &file.bytes, now).await?;
            Some(Attachment {
                id,
                name: file.name,
                content_type: file.content_type.to_owned(),
                size: i64::try_from(file.bytes.len()).unwrap_or(i64::MAX),
            })
        }
        None => None,
    };
    let card = match parts.request.card {
        Some(request) => Some(crate::cards::build(&mut w, &conversation, request).await?),
        None => None,
    };
    let body = match &card {
        Some(card) if parts.body.is_empty() => card.fallback_text(),
        _ => parts.body,
    };
    let message = chat::post_message(
        &mut w,
        conversation,
        parts.writer,
        body,
        parts.request.client_id,
        attachment,
        card,
    )
    .await?;
    let response = idempotency::record(
        &mut w,
        &parts.principal,
        &parts.key,
        &fingerprint,
        StatusCode::CREATED,
        &message,
    )
    .await?;
    w.commit().await?;
    Ok(response)
}
