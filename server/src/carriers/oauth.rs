//! OAuth 2 client-credentials tokens for the carriers that want one (FedEx,
//! UPS): fetched once, reused by every request until shortly before they
//! expire, dropped when the carrier stops accepting them.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::{json_of, CarrierError, Secret};

/// A token this close to its expiry is fetched again rather than risked.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// How the client credentials travel to the token endpoint.
#[derive(Debug, Clone, Copy)]
pub(super) enum SendCredentials {
    /// As `client_id` and `client_secret` form fields (FedEx).
    InForm,
    /// As HTTP Basic authentication (UPS).
    AsBasicAuth,
}

/// One carrier's token endpoint, credentials and cached token.
#[derive(Debug)]
pub(super) struct TokenSource {
    carrier: &'static str,
    url: String,
    client_id: Secret,
    client_secret: Secret,
    send: SendCredentials,
    /// Held while a token is fetched, so concurrent requests wait for that
    /// one fetch instead of each asking for their own.
    cached: Mutex<Option<Token>>,
}

#[derive(Debug)]
struct Token {
    value: Secret,
    refresh_at: Instant,
}

/// The token endpoint's answer; UPS sends `expires_in` as a string, FedEx
/// as a number.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: Seconds,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Number(u64),
    Text(String),
}

impl Seconds {
    fn get(&self) -> u64 {
        match self {
            Seconds::Number(n) => *n,
            Seconds::Text(text) => text.trim().parse().unwrap_or(0),
        }
    }
}

impl TokenSource {
    pub(super) fn new(
        carrier: &'static str,
        url: String,
        client_id: Secret,
        client_secret: Secret,
        send: SendCredentials,
    ) -> Self {
        TokenSource {
            carrier,
            url,
            client_id,
            client_secret,
            send,
            cached: Mutex::new(None),
        }
    }

    /// A valid bearer token, from the cache or freshly fetched.
    pub(super) async fn bearer(&self, http: &reqwest::Client) -> Result<String, CarrierError> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(token.value.expose().to_owned());
        }
        let answer = self.fetch(http).await?;
        let lifetime = Duration::from_secs(answer.expires_in.get());
        let token = cached.insert(Token {
            value: Secret::from(answer.access_token),
            refresh_at: Instant::now() + lifetime.saturating_sub(REFRESH_MARGIN),
        });
        Ok(token.value.expose().to_owned())
    }

    /// Drops the cached token after the carrier refused it, so the next
    /// request fetches a new one.
    pub(super) async fn forget(&self) {
        *self.cached.lock().await = None;
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<TokenAnswer, CarrierError> {
        let carrier = self.carrier;
        let request = http.post(&self.url);
        let request = match self.send {
            SendCredentials::InForm => request.form(&[
                ("grant_type", "client_credentials"),
                ("client_id", self.client_id.expose()),
                ("client_secret", self.client_secret.expose()),
            ]),
            SendCredentials::AsBasicAuth => request
                .basic_auth(self.client_id.expose(), Some(self.client_secret.expose()))
                .form(&[("grant_type", "client_credentials")]),
        };
        let response = request.send().await.map_err(|e| {
            CarrierError::Unavailable(format!("{carrier} token: {}", e.without_url()))
        })?;
        match response.status() {
            status if status.is_success() => json_of(carrier, response).await,
            StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                Err(CarrierError::Unauthorized(carrier))
            }
            status => Err(CarrierError::Unavailable(format!(
                "{carrier} token endpoint answered {status}"
            ))),
        }
    }
}
