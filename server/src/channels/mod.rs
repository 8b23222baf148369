//! Channels besides the widget (PLAT-5, CONV-8): e-mail over SMTP and a
//! signed webhook for WhatsApp / Messenger bridges. A customer's message
//! from any channel becomes a message in a conversation of that channel;
//! an agent's reply there is queued and leaves by the same channel.

pub mod email;
pub mod outbox;
pub mod signature;

use fiido_protocol::events::EventData;
use fiido_protocol::model::{Conversation, ConversationChannel, Customer, CustomerSource, Message};

use crate::carriers::Secret;
use crate::chat::{self, new_id, Writer};
use crate::db::{self, WriteTx};
use crate::error::AppResult;

/// How the server reaches the channels, from the command line.
#[derive(Debug, Clone, Default)]
pub struct ChannelConfig {
    /// Outbound mail relay as a URL (`smtp://host:port`, `smtps://user:pass@host`).
    pub smtp_relay: Option<Secret>,
    /// The shared secret webhook calls are signed with, both ways.
    pub webhook_secret: Option<Secret>,
    /// Where agents' replies in social conversations are posted.
    pub webhook_outbound_url: Option<String>,
}

/// Who wrote, as a channel names them.
pub struct Sender<'a> {
    /// The channel's namespace for addresses: `email`, `whatsapp`…
    pub channel_key: &'a str,
    /// Their address on it (lower-cased e-mail, phone number, page id).
    pub address: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub language: Option<&'a str>,
    pub source: CustomerSource,
}

/// The customer behind a channel address, created on first contact.
pub async fn customer_for(
    w: &mut WriteTx,
    store_id: &str,
    sender: &Sender<'_>,
) -> AppResult<Customer> {
    if let Some(id) =
        db::channels::identity(w.conn(), store_id, sender.channel_key, sender.address).await?
    {
        if let Some(customer) = db::customers::by_id_in(w.conn(), &id).await? {
            return Ok(customer);
        }
    }
    let customer = Customer {
        id: new_id(),
        store_id: store_id.to_owned(),
        nickname: sender.name.to_owned(),
        email: sender.email.map(str::to_owned),
        avatar_url: None,
        vip_level: 0,
        tags: Vec::new(),
        source: sender.source,
        country: None,
        city: None,
        timezone: None,
        device: None,
        language: sender.language.map(str::to_owned),
        visits_this_month: 0,
        created_at: w.now,
        blocked: false,
        behaviour: None,
    };
    db::customers::insert(w.conn(), &customer).await?;
    db::channels::add_identity(
        w.conn(),
        store_id,
        sender.channel_key,
        sender.address,
        &customer.id,
    )
    .await?;
    w.append(
        Some(store_id),
        None,
        None,
        EventData::CustomerUpserted {
            customer: customer.clone(),
        },
    )
    .await?;
    Ok(customer)
}

/// The customer's message into `conversation` (an existing one) or a new
/// conversation of `channel`. `external_id` (the platform's or the mail's
/// id) makes a repeated delivery return the first message.
pub async fn receive(
    w: &mut WriteTx,
    customer: &Customer,
    conversation: Option<Conversation>,
    channel: ConversationChannel,
    external_id: &str,
    text: String,
) -> AppResult<Message> {
    let conversation = match conversation {
        Some(c) => c,
        None => chat::new_conversation(new_id(), customer, channel, w.now),
    };
    chat::post_message(
        w,
        conversation,
        Writer::Customer(customer),
        text,
        Some(external_id.to_owned()),
        None,
        None,
    )
    .await
}

/// The customer's open (not closed) conversation on a channel, if any: a
/// new message from them continues it.
pub async fn open_conversation(
    w: &mut WriteTx,
    customer_id: &str,
    channel: ConversationChannel,
) -> AppResult<Option<Conversation>> {
    db::conversations::open_of_customer(w.conn(), customer_id, channel).await
}

/// The channel key of a conversation's replies, or None for the widget
/// (whose replies reach the visitor over its socket).
pub fn outbound_channel(conversation: &Conversation) -> Option<&'static str> {
    match conversation.channel {
        ConversationChannel::Web => None,
        ConversationChannel::Email => Some("email"),
        ConversationChannel::Social => Some("social"),
    }
}
