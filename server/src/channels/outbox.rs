//! Delivers agents' replies in e-mail and social conversations: a sweep
//! takes each queued reply (one instance at a time, by a lease), hands it
//! to the SMTP relay or the outbound webhook, and retries with back-off
//! when the far side fails, so a reply leaves once even across restarts.

use std::time::Duration;

use fiido_protocol::channels::{OutboundSocialMessage, SocialPlatform, SIGNATURE_HEADER};

use super::{email, signature};
use crate::app::AppState;
use crate::db::{self, channels::Outgoing};
use crate::error::{AppError, AppResult};

/// How often the sweep looks for replies to send.
const EVERY: Duration = Duration::from_millis(500);
/// How long a taken reply is this instance's before another may retry it.
const LEASE_MS: i64 = 60_000;
/// The longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 3_600_000;

/// Runs until shutdown.
pub async fn run(state: AppState) {
    let mut shutdown = state.shutdown.clone();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
        .unwrap_or_default();
    loop {
        if let Err(error) = sweep(&state, &http).await {
            tracing::warn!(%error, "delivering channel replies");
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// The wait before attempt `attempts + 1`: 5 s, 10 s, 20 s… up to an hour.
fn backoff(attempts: i64) -> i64 {
    let exp = attempts.clamp(0, 20) as u32;
    (5_000i64.saturating_mul(1i64 << exp)).min(MAX_BACKOFF_MS)
}

async fn sweep(state: &AppState, http: &reqwest::Client) -> AppResult<()> {
    let now = crate::clock::now_ms();
    for out in db::channels::due(state.db.pool(), now, 20).await? {
        // Taken in the single write transaction: another instance (or a
        // restart) that saw the same row finds it leased.
        let mut w = state.db.begin_write().await?;
        let taken = db::channels::claim(w.conn(), &out, now + LEASE_MS).await?;
        w.commit().await?;
        if !taken {
            continue;
        }
        let outcome = deliver(state, http, &out).await;
        let mut w = state.db.begin_write().await?;
        match outcome {
            Ok(()) => db::channels::delivered(w.conn(), &out.message_id, now).await?,
            Err(error) => {
                let retry_at = now + backoff(out.attempts);
                tracing::warn!(%error, message = %out.message_id, channel = %out.channel, "a reply could not leave; retrying later");
                db::channels::failed(w.conn(), &out.message_id, retry_at, &error.to_string())
                    .await?;
            }
        }
        w.commit().await?;
    }
    Ok(())
}

async fn deliver(state: &AppState, http: &reqwest::Client, out: &Outgoing) -> AppResult<()> {
    let mut conn = state.db.pool().acquire().await?;
    let message = db::messages::by_id(&mut conn, &out.message_id)
        .await?
        .ok_or_else(|| AppError::not_found("message"))?;
    drop(conn);
    if message.state == fiido_protocol::model::DeliveryState::Recalled {
        return Ok(());
    }
    let conversation = db::conversations::by_id(state.db.pool(), &out.conversation_id)
        .await?
        .ok_or_else(|| AppError::not_found("conversation"))?;
    let customer = db::customers::by_id(state.db.pool(), &conversation.customer_id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    let store = db::stores::by_id(state.db.pool(), &conversation.store_id)
        .await?
        .ok_or_else(|| AppError::not_found("store"))?;
    match out.channel.as_str() {
        "email" => {
            let relay = state.channels.smtp_relay.as_ref().ok_or_else(|| {
                AppError::Upstream("no SMTP relay configured (--smtp-relay)".into())
            })?;
            email::send_reply(
                state,
                relay.expose(),
                &message,
                &conversation,
                &customer,
                &store,
            )
            .await
        }
        _ => {
            let (Some(url), Some(secret)) = (
                state.channels.webhook_outbound_url.as_deref(),
                state.channels.webhook_secret.as_ref(),
            ) else {
                return Err(AppError::Upstream(
                    "no outbound webhook configured (--webhook-outbound-url, --webhook-secret)"
                        .into(),
                ));
            };
            let (platform, recipient) =
                db::channels::social_identity(state.db.pool(), &customer.id)
                    .await?
                    .ok_or_else(|| {
                        AppError::Upstream("the customer has no social address".into())
                    })?;
            let platform: SocialPlatform =
                serde_json::from_value(serde_json::Value::String(platform))?;
            let payload = OutboundSocialMessage {
                store: store.key,
                platform,
                recipient,
                conversation_id: conversation.id,
                message_id: message.id,
                text: message.body,
                agent_name: message.author_name,
            };
            let body = serde_json::to_vec(&payload)?;
            let response = http
                .post(url)
                .header(SIGNATURE_HEADER, signature::sign(secret.expose(), &body))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body)
                .send()
                .await
                .map_err(|e| AppError::Upstream(format!("the outbound webhook: {e}")))?;
            if response.status().is_success() {
                Ok(())
            } else {
                Err(AppError::Upstream(format!(
                    "the outbound webhook answered {}",
                    response.status()
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(0), 5_000);
        assert_eq!(backoff(1), 10_000);
        assert_eq!(backoff(3), 40_000);
        assert_eq!(backoff(30), MAX_BACKOFF_MS);
    }
}
