//! Routing at work (AUTO-6): a customer's conversation that nobody has is
//! given to an agent by the rules in `routing`, inside the transaction that
//! writes the message; when an agent frees a place (closes or passes on a
//! conversation, comes back, gets more capacity) the store's queue moves,
//! oldest first.

use fiido_protocol::model::{Conversation, Customer};

use crate::chat;
use crate::db::{self, WriteTx};
use crate::error::AppResult;
use crate::routing::{self, Need};

fn need_of(customer: Option<&Customer>, text: &str) -> Need {
    Need {
        vip: customer.is_some_and(|c| c.vip_level > 0),
        language: customer.and_then(|c| c.language.clone()),
        skill: routing::skill_of(text).map(str::to_owned),
    }
}

/// A customer wrote in a conversation nobody has: it goes to whoever the
/// rules choose, unless others already wait in the store's queue (they go
/// first) or nobody is free; then it waits in the queue.
pub async fn route(
    w: &mut WriteTx,
    conversation: &mut Conversation,
    customer: Option<&Customer>,
    text: &str,
) -> AppResult<()> {
    if conversation.assignee_id.is_some() {
        return Ok(());
    }
    if db::routing::others_queued(w.conn(), &conversation.store_id, &conversation.id).await? {
        return Ok(());
    }
    place(w, conversation, customer, text).await
}

/// Gives the conversation to whoever the rules choose, if anyone is free.
async fn place(
    w: &mut WriteTx,
    conversation: &mut Conversation,
    customer: Option<&Customer>,
    text: &str,
) -> AppResult<()> {
    let candidates = db::routing::candidates(w.conn(), &conversation.store_id).await?;
    if let Some(chosen) = routing::choose(&need_of(customer, text), &candidates) {
        conversation.assignee_id = Some(chosen.id.clone());
        let now = w.now;
        db::routing::touch(w.conn(), chosen, now).await?;
    }
    Ok(())
}

/// Moves the store's queue: each waiting conversation, oldest first, goes
/// to whoever is free for it, until nobody is.
pub async fn drain(w: &mut WriteTx, pool: &sqlx::AnyPool, store_id: &str) -> AppResult<()> {
    for mut queued in db::routing::queue(w.conn(), store_id).await? {
        let customer = db::customers::by_id(pool, &queued.customer_id).await?;
        let text = queued
            .last_message
            .as_ref()
            .map(|m| m.body.clone())
            .unwrap_or_default();
        place(w, &mut queued, customer.as_ref(), &text).await?;
        if queued.assignee_id.is_none() {
            break;
        }
        chat::save_conversation(w, queued).await?;
    }
    Ok(())
}
