//! The desktop's HTTP and WebSocket client of the hosted API.

use std::time::Duration;

use fiido_protocol::api::{
    ArticlePatch, LoginRequest, LoginResponse, MediaRef, NewArticle, NewQuickReply,
    QuickReplyOrder, QuickReplyPatch, SendMessageRequest, SnapshotPage, StorePatch, UsageCount,
};
use fiido_protocol::events::EventsPage;
use fiido_protocol::model::{
    AgentSettings, Article, ArticleRevision, AutoReplies, Conversation, Customer, Message, Order,
    QuickReply, Store, UsedKind,
};
use fiido_protocol::stats::{PersonalStats, Reports, TeamStats};
use fiido_protocol::tickets::{NewTicket, Ticket, Tracking};
use fiido_protocol::{ApiError, ErrorBody, ErrorCode};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::error::{unreachable, DeskError};
use crate::store::{
    ConversationUpdate, CustomerUpdate, OrderUpdate, PendingAssignment, PendingNote, RefundVerdict,
    TicketUpdate, UseReport,
};

/// Per-request timeout: a hung server counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// The live socket.
pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why a call failed, sorted by what the caller should do about it.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// Network or server trouble: retry later.
    Transient(String),
    /// The session is no longer valid: sign in again.
    Unauthenticated(ApiError),
    /// The log was pruned past the position: take a new snapshot.
    Gone,
    /// The server refused this request; retrying will not help.
    Refused(ApiError),
}

impl From<CallError> for DeskError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Transient(m) => unreachable(m),
            CallError::Unauthenticated(e) | CallError::Refused(e) => e,
            CallError::Gone => {
                ApiError::new(ErrorCode::Gone, "the server's log moved on; resyncing")
            }
        }
    }
}

/// A client for one server and one session token.
#[derive(Clone)]
pub struct ApiClient {
    base: String,
    token: String,
    http: reqwest::Client,
}

fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap_or_default()
}

async fn read_error(response: reqwest::Response) -> CallError {
    let status = response.status();
    let error = match response.json::<ErrorBody>().await {
        Ok(body) => body.error,
        Err(_) => ApiError::new(ErrorCode::Internal, format!("the server answered {status}")),
    };
    match (status.as_u16(), error.code) {
        (401, _) => CallError::Unauthenticated(error),
        (410, _) => CallError::Gone,
        (s, _) if s >= 500 || s == 429 || s == 408 => CallError::Transient(error.message),
        _ => CallError::Refused(error),
    }
}

fn transport(e: reqwest::Error) -> CallError {
    CallError::Transient(e.to_string())
}

/// Normalises a server address typed by a person: no trailing slash, and
/// `http://` when no scheme was given.
pub fn normalise_base(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
        trimmed.to_owned()
    } else {
        format!("http://{trimmed}")
    }
}

impl ApiClient {
    /// A client using an existing session token.
    pub fn new(base: &str, token: String) -> Self {
        Self {
            base: normalise_base(base),
            token,
            http: http_client(),
        }
    }

    /// The server address.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Signs in; the caller keeps the token in the OS keyring.
    pub async fn login(
        base: &str,
        email: &str,
        password: &str,
    ) -> Result<LoginResponse, CallError> {
        let base = normalise_base(base);
        let request = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let response = http_client()
            .post(format!("{base}/api/v1/auth/login"))
            .json(&request)
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(match read_error(response).await {
                CallError::Unauthenticated(e) => CallError::Refused(e),
                other => other,
            });
        }
        response.json().await.map_err(transport)
    }

    /// Ends the session on the server.
    pub async fn logout(&self) -> Result<(), CallError> {
        let response = self
            .http
            .post(format!("{}/api/v1/auth/logout", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(transport)?;
        if response.status().is_success() || response.status() == 401 {
            Ok(())
        } else {
            Err(read_error(response).await)
        }
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, CallError> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(read_error(response).await);
        }
        response.json().await.map_err(transport)
    }

    /// The signed-in agent; checks that the saved token still works.
    pub async fn me(&self) -> Result<fiido_protocol::model::Agent, CallError> {
        self.get("/api/v1/me").await
    }

    /// One snapshot page.
    pub async fn snapshot(&self, cursor: Option<&str>) -> Result<SnapshotPage, CallError> {
        match cursor {
            Some(c) => {
                self.get(&format!("/api/v1/sync/snapshot?limit=500&cursor={c}"))
                    .await
            }
            None => self.get("/api/v1/sync/snapshot?limit=500").await,
        }
    }

    /// Visible events after a seq.
    pub async fn events_after(&self, after: i64, limit: u32) -> Result<EventsPage, CallError> {
        self.get(&format!("/api/v1/events?after={after}&limit={limit}"))
            .await
    }

    /// Sends a message with its client id as the `Idempotency-Key`.
    pub async fn send_message(
        &self,
        conversation_id: &str,
        request: &SendMessageRequest,
    ) -> Result<Message, CallError> {
        let mut call = self.http.post(format!(
            "{}/api/v1/conversations/{conversation_id}/messages",
            self.base
        ));
        if let Some(key) = &request.client_id {
            call = call.header("Idempotency-Key", key);
        }
        self.send_json(call, request).await
    }

    /// Replaces the agent's settings (a PUT: repeating it is harmless).
    pub async fn put_settings(&self, settings: &AgentSettings) -> Result<AgentSettings, CallError> {
        self.send_json(
            self.http.put(format!("{}/api/v1/me/settings", self.base)),
            settings,
        )
        .await
    }

    /// Creates a quick reply, once per `key`.
    pub async fn create_quick_reply(
        &self,
        new: &NewQuickReply,
        key: &str,
    ) -> Result<QuickReply, CallError> {
        let call = self
            .http
            .post(format!("{}/api/v1/quick-replies", self.base))
            .header("Idempotency-Key", key);
        self.send_json(call, new).await
    }

    /// Changes a quick reply, once per `key`.
    pub async fn update_quick_reply(
        &self,
        id: &str,
        patch: &QuickReplyPatch,
        key: &str,
    ) -> Result<QuickReply, CallError> {
        let call = self
            .http
            .patch(format!("{}/api/v1/quick-replies/{id}", self.base))
            .header("Idempotency-Key", key);
        self.send_json(call, patch).await
    }

    /// One conversation as the server has it.
    pub async fn conversation(&self, id: &str) -> Result<Conversation, CallError> {
        self.get(&format!("/api/v1/conversations/{id}")).await
    }

    /// Pins, stars, tags, closes or reopens a conversation, once per `key`.
    pub async fn patch_conversation(
        &self,
        update: &ConversationUpdate,
        key: &str,
    ) -> Result<Conversation, CallError> {
        let call = self
            .http
            .patch(format!("{}/api/v1/conversations/{}", self.base, update.id))
            .header("Idempotency-Key", key);
        self.send_json(call, &update.patch).await
    }

    /// One order, as the server has it.
    pub async fn order(&self, id: &str) -> Result<Order, CallError> {
        self.get(&format!("/api/v1/orders/{id}")).await
    }

    /// Changes, urges, refunds or cancels an order, once per `key`.
    pub async fn order_action(&self, update: &OrderUpdate, key: &str) -> Result<Order, CallError> {
        let call = self
            .http
            .post(format!("{}/api/v1/orders/{}/actions", self.base, update.id))
            .header("Idempotency-Key", key);
        self.send_json(call, &update.action).await
    }

    /// A lead's refund decision, once per `key`.
    pub async fn refund_decision(
        &self,
        verdict: &RefundVerdict,
        key: &str,
    ) -> Result<Order, CallError> {
        let call = self
            .http
            .post(format!(
                "{}/api/v1/orders/{}/refund-decision",
                self.base, verdict.id
            ))
            .header("Idempotency-Key", key);
        self.send_json(call, &verdict.decision).await
    }

    /// Opens a ticket, once per `key`.
    pub async fn create_ticket(&self, new: &NewTicket, key: &str) -> Result<Ticket, CallError> {
        let call = self
            .http
            .post(format!("{}/api/v1/tickets", self.base))
            .header("Idempotency-Key", key);
        self.send_json(call, new).await
    }

    /// Resolves, reopens or assigns a ticket, once per `key`.
    pub async fn patch_ticket(
        &self,
        update: &TicketUpdate,
        key: &str,
    ) -> Result<Ticket, CallError> {
        let call = self
            .http
            .patch(format!("{}/api/v1/tickets/{}", self.base, update.id))
            .header("Idempotency-Key", key);
        self.send_json(call, &update.patch).await
    }

    /// The team's figures for a period (STAT-1; leads and admins).
    pub async fn team_stats(
        &self,
        from: i64,
        to: i64,
        store_id: Option<&str>,
    ) -> Result<TeamStats, CallError> {
        let store = store_id
            .map(|s| format!("&store_id={s}"))
            .unwrap_or_default();
        self.get(&format!("/api/v1/stats/team?from={from}&to={to}{store}"))
            .await
    }

    /// The reports of a period (STAT-3, STAT-4, TKT-5; leads and admins).
    pub async fn reports(
        &self,
        from: i64,
        to: i64,
        store_id: Option<&str>,
        utc_offset_minutes: i64,
    ) -> Result<Reports, CallError> {
        let store = store_id
            .map(|s| format!("&store_id={s}"))
            .unwrap_or_default();
        self.get(&format!(
            "/api/v1/reports?from={from}&to={to}&utc_offset_minutes={utc_offset_minutes}{store}"
        ))
        .await
    }

    /// The caller's own figures for a period (STAT-2).
    pub async fn my_stats(&self, from: i64, to: i64) -> Result<PersonalStats, CallError> {
        self.get(&format!("/api/v1/stats/me?from={from}&to={to}"))
            .await
    }

    /// Where an order's parcel is, as its carrier reports it (COM-3).
    pub async fn tracking(&self, order_id: &str) -> Result<Tracking, CallError> {
        self.get(&format!("/api/v1/orders/{order_id}/tracking"))
            .await
    }

    /// One ticket, as the server has it.
    pub async fn ticket(&self, id: &str) -> Result<Ticket, CallError> {
        self.get(&format!("/api/v1/tickets/{id}")).await
    }

    /// Adds an internal note, once per `key`.
    pub async fn add_note(&self, note: &PendingNote, key: &str) -> Result<Message, CallError> {
        let call = self
            .http
            .post(format!(
                "{}/api/v1/conversations/{}/notes",
                self.base, note.conversation_id
            ))
            .header("Idempotency-Key", key);
        self.send_json(call, &note.request).await
    }

    /// Claims, transfers or releases a conversation, once per `key`.
    pub async fn assign(
        &self,
        assignment: &PendingAssignment,
        key: &str,
    ) -> Result<Conversation, CallError> {
        let call = self
            .http
            .post(format!(
                "{}/api/v1/conversations/{}/assignment",
                self.base, assignment.conversation_id
            ))
            .header("Idempotency-Key", key);
        self.send_json(call, &assignment.request).await
    }

    /// Tells the customer the agent is typing (MSG-7).
    pub async fn typing(&self, conversation_id: &str) -> Result<(), CallError> {
        let response = self
            .http
            .post(format!(
                "{}/api/v1/conversations/{conversation_id}/typing",
                self.base
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(transport)?;
        if response.status().is_success() {
            return Ok(());
        }
        Err(read_error(response).await)
    }

    /// Takes back the agent's own message within two minutes (MSG-6).
    pub async fn recall(
        &self,
        conversation_id: &str,
        message_id: &str,
    ) -> Result<Message, CallError> {
        let call = self.http.post(format!(
            "{}/api/v1/conversations/{conversation_id}/messages/{message_id}/recall",
            self.base
        ));
        self.send_json(call, &serde_json::json!({})).await
    }

    /// Tags, blocks or unblocks a customer (a PATCH: repeating it is harmless).
    pub async fn patch_customer(&self, update: &CustomerUpdate) -> Result<Customer, CallError> {
        self.send_json(
            self.http
                .patch(format!("{}/api/v1/customers/{}", self.base, update.id)),
            &update.patch,
        )
        .await
    }

    /// Everything the server keeps about a customer (CUST-6; leads and
    /// admins), as the server wrote it: `json`, or `html` to hand over.
    pub async fn export_customer(&self, id: &str, format: &str) -> Result<Vec<u8>, CallError> {
        self.get_bytes(
            self.http
                .get(format!("{}/api/v1/customers/{id}/export", self.base))
                .query(&[("format", format)]),
        )
        .await
    }

    /// Erases a customer's personal data on request (CUST-6; leads and admins).
    pub async fn erase_customer(
        &self,
        id: &str,
        request: &fiido_protocol::privacy::EraseRequest,
    ) -> Result<fiido_protocol::privacy::EraseReport, CallError> {
        self.send_json(
            self.http
                .post(format!("{}/api/v1/customers/{id}/erase", self.base)),
            request,
        )
        .await
    }

    /// A store's automatic replies and business hours (leads and admins).
    pub async fn auto_replies(&self, store_id: &str) -> Result<AutoReplies, CallError> {
        self.get(&format!("/api/v1/stores/{store_id}/auto-replies"))
            .await
    }

    /// Replaces a store's automatic replies (admins).
    pub async fn save_auto_replies(
        &self,
        store_id: &str,
        config: &AutoReplies,
    ) -> Result<AutoReplies, CallError> {
        self.send_json(
            self.http.put(format!(
                "{}/api/v1/stores/{store_id}/auto-replies",
                self.base
            )),
            config,
        )
        .await
    }

    /// Deletes a quick reply; one already gone counts as deleted.
    pub async fn delete_quick_reply(&self, id: &str) -> Result<(), CallError> {
        let response = self
            .http
            .delete(format!("{}/api/v1/quick-replies/{id}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(transport)?;
        if response.status().is_success() || response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(());
        }
        Err(read_error(response).await)
    }

    /// Puts quick replies in a new order (a PUT: repeating it is harmless).
    pub async fn reorder_quick_replies(
        &self,
        order: &QuickReplyOrder,
    ) -> Result<Vec<QuickReply>, CallError> {
        self.send_json(
            self.http
                .put(format!("{}/api/v1/quick-replies/order", self.base)),
            order,
        )
        .await
    }

    /// Counts one insertion, once per `key`.
    pub async fn record_use(&self, report: &UseReport, key: &str) -> Result<UsageCount, CallError> {
        let kind = match report.item {
            UsedKind::QuickReply => "quick-replies",
            UsedKind::Article => "articles",
        };
        let call = self
            .http
            .post(format!("{}/api/v1/{kind}/{}/uses", self.base, report.id))
            .header("Idempotency-Key", key);
        self.send_json(call, &serde_json::json!({})).await
    }

    /// An article image: its type and bytes (None when the server has none).
    pub async fn media(&self, id: &str) -> Result<Option<(String, Vec<u8>)>, CallError> {
        let response = self
            .http
            .get(format!("{}/api/v1/media/{id}", self.base))
            .send()
            .await
            .map_err(transport)?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(read_error(response).await);
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = response.bytes().await.map_err(transport)?;
        Ok(Some((content_type, bytes.to_vec())))
    }

    /// Sends a file into a conversation (MSG-3); the server answers the
    /// message that carries it.
    pub async fn send_attachment(
        &self,
        conversation_id: &str,
        name: &str,
        bytes: Vec<u8>,
        client_id: &str,
    ) -> Result<Message, CallError> {
        let response = self
            .http
            .post(format!(
                "{}/api/v1/conversations/{conversation_id}/attachments",
                self.base
            ))
            .query(&[("name", name), ("client_id", client_id)])
            .bearer_auth(&self.token)
            .header("Idempotency-Key", client_id)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(read_error(response).await);
        }
        response.json().await.map_err(transport)
    }

    /// A file sent in a conversation of the agent's stores.
    pub async fn attachment(&self, id: &str) -> Result<Vec<u8>, CallError> {
        self.get_bytes(
            self.http
                .get(format!("{}/api/v1/attachments/{id}", self.base)),
        )
        .await
    }

    /// The body of a signed GET, as bytes (files, exports).
    async fn get_bytes(&self, call: reqwest::RequestBuilder) -> Result<Vec<u8>, CallError> {
        let response = call
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(read_error(response).await);
        }
        Ok(response.bytes().await.map_err(transport)?.to_vec())
    }

    /// Uploads an image for an article (leads and admins).
    pub async fn upload_media(
        &self,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<MediaRef, CallError> {
        let response = self
            .http
            .post(format!("{}/api/v1/media", self.base))
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes)
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(read_error(response).await);
        }
        response.json().await.map_err(transport)
    }

    /// Creates an article, once per `key`.
    pub async fn create_article(&self, new: &NewArticle, key: &str) -> Result<Article, CallError> {
        let call = self
            .http
            .post(format!("{}/api/v1/articles", self.base))
            .header("Idempotency-Key", key);
        self.send_json(call, new).await
    }

    /// Changes an article, once per `key`.
    pub async fn update_article(
        &self,
        id: &str,
        patch: &ArticlePatch,
        key: &str,
    ) -> Result<Article, CallError> {
        let call = self
            .http
            .patch(format!("{}/api/v1/articles/{id}", self.base))
            .header("Idempotency-Key", key);
        self.send_json(call, patch).await
    }

    /// An article's saved versions, newest first (leads and admins).
    pub async fn article_revisions(&self, id: &str) -> Result<Vec<ArticleRevision>, CallError> {
        self.get(&format!("/api/v1/articles/{id}/revisions")).await
    }

    /// Brings back an earlier version of an article as a new revision.
    pub async fn restore_article_revision(
        &self,
        id: &str,
        revision: i64,
    ) -> Result<Article, CallError> {
        let call = self.http.post(format!(
            "{}/api/v1/articles/{id}/revisions/{revision}/restore",
            self.base
        ));
        self.send_json(call, &serde_json::json!({})).await
    }

    /// Changes a store's settings (admins).
    pub async fn patch_store(
        &self,
        store_id: &str,
        patch: &StorePatch,
    ) -> Result<Store, CallError> {
        self.send_json(
            self.http
                .patch(format!("{}/api/v1/stores/{store_id}", self.base)),
            patch,
        )
        .await
    }

    async fn send_json<T: serde::de::DeserializeOwned>(
        &self,
        call: reqwest::RequestBuilder,
        body: &impl serde::Serialize,
    ) -> Result<T, CallError> {
        let response = call
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(read_error(response).await);
        }
        response.json().await.map_err(transport)
    }

    /// Opens the live socket after a seq.
    pub async fn connect(&self, after: i64) -> Result<Socket, CallError> {
        let url = format!(
            "{}/api/v1/ws?after={after}",
            self.base.replacen("http", "ws", 1)
        );
        let mut request = url
            .into_client_request()
            .map_err(|e| CallError::Transient(e.to_string()))?;
        let value = format!("Bearer {}", self.token).parse().map_err(|_| {
            CallError::Refused(ApiError::new(
                ErrorCode::Unauthenticated,
                "the saved token is malformed",
            ))
        })?;
        request.headers_mut().insert("authorization", value);
        let connect = tokio_tungstenite::connect_async(request);
        match tokio::time::timeout(REQUEST_TIMEOUT, connect).await {
            Err(_) => Err(CallError::Transient("timed out connecting".into())),
            Ok(Ok((socket, _))) => Ok(socket),
            Ok(Err(tokio_tungstenite::tungstenite::Error::Http(response))) => {
                let status = response.status().as_u16();
                let body = response
                    .body()
                    .as_deref()
                    .and_then(|b| serde_json::from_slice::<ErrorBody>(b).ok());
                let error = body.map(|b| b.error).unwrap_or_else(|| {
                    ApiError::new(ErrorCode::Internal, format!("the server answered {status}"))
                });
                Err(match status {
                    401 => CallError::Unauthenticated(error),
                    410 => CallError::Gone,
                    s if s >= 500 => CallError::Transient(error.message),
                    _ => CallError::Refused(error),
                })
            }
            Ok(Err(e)) => Err(CallError::Transient(e.to_string())),
        }
    }
}
