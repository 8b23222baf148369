//! The store's bot at work (AUTO-1): after a customer's message, the
//! automatic replies `auto_reply` calls for are written as the bot, in the
//! same transaction, each trigger at most once per conversation.

use fiido_protocol::events::EventData;
use fiido_protocol::model::{Author, Conversation, Customer, DeliveryState, Message};
use sqlx::Row;

use crate::auto_reply::{self, Moment};
use crate::chat::new_id;
use crate::db::{self, WriteTx};
use crate::error::AppResult;

/// Answers what the customer just wrote, as the store's bot.
pub async fn answer(
    w: &mut WriteTx,
    conversation: &Conversation,
    customer: &Customer,
    text: &str,
    first_message: bool,
) -> AppResult<()> {
    let config = db::auto_replies::get(w.conn(), &conversation.store_id).await?;
    if config == Default::default() {
        return Ok(());
    }
    let store = sqlx::query("SELECT name, timezone FROM stores WHERE id = $1")
        .bind(&conversation.store_id)
        .fetch_one(w.conn())
        .await?;
    let (store_name, timezone): (String, String) =
        (store.try_get("name")?, store.try_get("timezone")?);
    let queue_position = match conversation.assignee_id {
        Some(_) => None,
        None => db::routing::queue_position(w.conn(), &conversation.id).await?,
    };
    let moment = Moment {
        at_ms: w.now,
        timezone: &timezone,
        first_message,
        queue_position,
        text,
        language: customer.language.as_deref(),
    };
    for (trigger, body) in auto_reply::replies(&config, &moment) {
        let now = w.now;
        if !db::auto_replies::claim_trigger(w.conn(), &conversation.id, &trigger.key(), now).await?
        {
            continue;
        }
        let message = Message {
            id: new_id(),
            conversation_id: conversation.id.clone(),
            author: Author::Bot,
            author_id: None,
            author_name: format!("{store_name} assistant"),
            body,
            client_id: None,
            state: DeliveryState::Sent,
            created_at: now,
            attachment: None,
            card: None,
            body_is_card_text: false,
        };
        db::messages::insert(w.conn(), &message).await?;
        w.append(
            Some(&conversation.store_id),
            Some(&conversation.id),
            None,
            EventData::MessageUpserted { message },
        )
        .await?;
    }
    Ok(())
}
