//! Messaging channels besides the widget (PLAT-5): the signed webhook a
//! WhatsApp / Messenger bridge calls, and what the server hands back to it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::validate;
use crate::{ApiError, ErrorCode};

/// The header carrying `sha256=<hex HMAC-SHA256 of the raw body>`, keyed
/// with the webhook secret, on both inbound and outbound webhook calls.
pub const SIGNATURE_HEADER: &str = "x-fiido-signature";

/// The social platforms a bridge may speak for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SocialPlatform {
    Whatsapp,
    Messenger,
    Instagram,
}

impl SocialPlatform {
    /// The wire spelling, also the channel-identity namespace.
    pub fn as_str(self) -> &'static str {
        match self {
            SocialPlatform::Whatsapp => "whatsapp",
            SocialPlatform::Messenger => "messenger",
            SocialPlatform::Instagram => "instagram",
        }
    }
}

/// The person writing on the platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SocialSender {
    /// The platform's id for them (a phone number, a page-scoped id).
    pub id: String,
    /// Their display name on the platform.
    pub name: String,
    /// BCP 47 language, when the platform knows it.
    #[serde(default)]
    pub language: Option<String>,
}

/// A customer's message arriving from a bridge (inbound webhook).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InboundSocialMessage {
    /// The store's key, e.g. `fiido-eu`.
    pub store: String,
    pub platform: SocialPlatform,
    /// The platform's id of this message: a repeat delivery is taken once.
    pub message_id: String,
    pub sender: SocialSender,
    pub text: String,
}

/// The bridge's copy of an accepted message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InboundAccepted {
    pub conversation_id: String,
    pub message_id: String,
}

/// An agent's reply handed to the outbound webhook for the platform to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OutboundSocialMessage {
    pub store: String,
    pub platform: SocialPlatform,
    /// The sender id the reply goes to.
    pub recipient: String,
    pub conversation_id: String,
    /// Fiido's message id: the bridge may use it to drop a repeat.
    pub message_id: String,
    pub text: String,
    pub agent_name: String,
}

impl InboundSocialMessage {
    /// Checks every field: sizes, the message id's characters, a non-blank
    /// text. Returns the trimmed text.
    pub fn validate(&self) -> Result<String, ApiError> {
        validate::client_key("message_id", &self.message_id)?;
        validate::client_key("sender.id", &self.sender.id)?;
        validate::name("sender.name", &self.sender.name)?;
        if self.store.is_empty() || self.store.len() > 64 {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "store",
                "store must be a store key of 1 to 64 characters",
            ));
        }
        if let Some(language) = &self.sender.language {
            validate::language(language)?;
        }
        validate::message_body(&self.text).map_err(|mut e| {
            e.field = Some("text".into());
            e
        })
    }
}
