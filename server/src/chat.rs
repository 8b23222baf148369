//! What happens when someone writes in a conversation: the message, the
//! conversation's new state, and their events, in one transaction.

use fiido_protocol::attachments::Attachment;
use fiido_protocol::cards::Card;
use fiido_protocol::events::EventData;
use fiido_protocol::model::{
    Agent, Author, Conversation, ConversationChannel, ConversationStatus, Customer, DeliveryState,
    Message, MessagePreview,
};

use crate::db::{self, WriteTx};
use crate::error::AppResult;

/// Longest preview of the last message on a conversation card.
const PREVIEW_CHARS: usize = 140;

/// A new UUIDv7 as a string: time-ordered ids page and sort naturally.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn preview(message: &Message) -> MessagePreview {
    MessagePreview {
        author: message.author,
        body: message.body.chars().take(PREVIEW_CHARS).collect(),
        at: message.created_at,
    }
}

/// Who writes.
pub enum Writer<'a> {
    Agent(&'a Agent),
    Customer(&'a Customer),
}

/// Adds a message to a conversation and updates the conversation: a customer
/// message makes it wait (and reopens a closed one), an agent's answer makes it
/// active and assigns it to them if nobody has it. A repeat of a client id
/// returns the first message and changes nothing. A message without a card
/// or file that links to one of the store's product pages gets its preview.
pub async fn post_message(
    w: &mut WriteTx,
    conversation: Conversation,
    writer: Writer<'_>,
    body: String,
    client_id: Option<String>,
    attachment: Option<Attachment>,
    card: Option<Card>,
) -> AppResult<Message> {
    let (author, author_id, author_name) = match &writer {
        Writer::Agent(agent) => (Author::Agent, agent.id.clone(), agent.name.clone()),
        Writer::Customer(customer) => (
            Author::Customer,
            customer.id.clone(),
            customer.nickname.clone(),
        ),
    };
    if let Some(client_id) = &client_id {
        if let Some(existing) =
            db::messages::by_client_id(w.conn(), &conversation.id, author, client_id).await?
        {
            return Ok(existing);
        }
    }
    let card = match card {
        Some(card) => Some(card),
        None if attachment.is_none() => {
            crate::cards::link_preview(w, &conversation.store_id, &body).await?
        }
        None => None,
    };
    let now = w.now;
    let body_is_card_text = fiido_protocol::cards::is_card_text(card.as_ref(), &body);
    let message = Message {
        id: new_id(),
        conversation_id: conversation.id.clone(),
        author,
        author_id: Some(author_id),
        author_name,
        body,
        client_id,
        state: DeliveryState::Sent,
        created_at: now,
        attachment,
        body_is_card_text,
        card,
    };
    let first_message = conversation.last_message.is_none();
    let mut updated = conversation;
    updated.last_message = Some(preview(&message));
    updated.updated_at = now;
    match &writer {
        Writer::Customer(_) => {
            // A snoozed or closed conversation comes back when the customer writes.
            updated.status = ConversationStatus::Waiting;
            updated.snoozed_until = None;
            updated.waiting_since = updated.waiting_since.or(Some(now));
            updated.unread_count += 1;
        }
        Writer::Agent(agent) => {
            updated.status = ConversationStatus::Active;
            updated.snoozed_until = None;
            updated.waiting_since = None;
            updated.unread_count = 0;
            if updated.assignee_id.is_none() {
                updated.assignee_id = Some(agent.id.clone());
            }
        }
    }
    if let Writer::Customer(customer) = &writer {
        crate::dispatch::route(w, &mut updated, Some(customer), &message.body).await?;
    }
    // The conversation first: a visitor's first message creates it.
    db::conversations::upsert(w.conn(), &updated).await?;
    db::messages::insert(w.conn(), &message).await?;
    match &writer {
        Writer::Customer(_) => {
            db::cycles::customer_wrote(w.conn(), &updated, &message.body, now).await?
        }
        Writer::Agent(agent) => {
            db::cycles::agent_wrote(w.conn(), &updated.id, &agent.id, now).await?;
            if let Some(channel) = crate::channels::outbound_channel(&updated) {
                db::channels::enqueue(w.conn(), &message.id, &updated.id, channel, now).await?;
            }
        }
    }

    let store = updated.store_id.clone();
    let conv = updated.id.clone();
    let client = message.client_id.clone();
    let (store, conv, client) = (Some(store.as_str()), Some(conv.as_str()), client.as_deref());
    w.append(
        store,
        conv,
        client,
        EventData::MessageUpserted {
            message: message.clone(),
        },
    )
    .await?;
    w.append(
        store,
        conv,
        client,
        EventData::ConversationUpserted {
            conversation: updated.clone(),
        },
    )
    .await?;
    if let Writer::Customer(customer) = &writer {
        crate::bot::answer(w, &updated, customer, &message.body, first_message).await?;
    }
    Ok(message)
}

/// A customer's conversation before its first message: it exists in the
/// database only once they write (by the widget, e-mail or a social app).
pub fn new_conversation(
    id: String,
    customer: &Customer,
    channel: ConversationChannel,
    now: i64,
) -> Conversation {
    Conversation {
        id,
        store_id: customer.store_id.clone(),
        customer_id: customer.id.clone(),
        status: ConversationStatus::Waiting,
        assignee_id: None,
        channel,
        tags: Vec::new(),
        pinned: false,
        starred: false,
        last_message: None,
        waiting_since: None,
        unread_count: 0,
        order_number: None,
        created_at: now,
        updated_at: now,
        snoozed_until: None,
    }
}

/// The customer has seen the conversation: every reply not yet read becomes
/// read, each with its event, so the agent sees ✓✓ (MSG-2).
pub async fn mark_read_by_customer(
    w: &mut WriteTx,
    conversation_id: &str,
    store_id: &str,
) -> AppResult<i64> {
    let unread = db::messages::unread_replies(w.conn(), conversation_id).await?;
    let count = unread.len() as i64;
    for mut message in unread {
        db::messages::set_state(w.conn(), &message.id, DeliveryState::Read).await?;
        message.state = DeliveryState::Read;
        let client = message.client_id.clone();
        w.append(
            Some(store_id),
            Some(conversation_id),
            client.as_deref(),
            EventData::MessageUpserted { message },
        )
        .await?;
    }
    Ok(count)
}

/// Adds an internal note (CONV-6) and tells each colleague it @mentions
/// (CONV-9). The conversation itself does not change: a note is not an
/// answer. A repeat of a client id returns the first note.
pub async fn post_note(
    w: &mut WriteTx,
    conversation: &Conversation,
    author: &Agent,
    body: String,
    client_id: Option<String>,
    colleagues: &[Agent],
) -> AppResult<Message> {
    if let Some(client_id) = &client_id {
        if let Some(existing) =
            db::messages::by_client_id(w.conn(), &conversation.id, Author::Note, client_id).await?
        {
            return Ok(existing);
        }
    }
    let note = Message {
        id: new_id(),
        conversation_id: conversation.id.clone(),
        author: Author::Note,
        author_id: Some(author.id.clone()),
        author_name: author.name.clone(),
        body,
        client_id,
        state: DeliveryState::Sent,
        created_at: w.now,
        attachment: None,
        card: None,
        body_is_card_text: false,
    };
    db::messages::insert(w.conn(), &note).await?;
    let store = Some(conversation.store_id.as_str());
    let conv = Some(conversation.id.as_str());
    w.append(
        store,
        conv,
        note.client_id.as_deref(),
        EventData::NoteAdded {
            message: note.clone(),
        },
    )
    .await?;
    for colleague in crate::mentions::mentioned(&note.body, colleagues, &author.id) {
        w.append(
            store,
            conv,
            None,
            EventData::Mentioned {
                agent_id: colleague.id.clone(),
                conversation_id: conversation.id.clone(),
                message_id: note.id.clone(),
                by: author.name.clone(),
            },
        )
        .await?;
    }
    Ok(note)
}

/// Saves a changed conversation and tells every desk.
pub async fn save_conversation(
    w: &mut WriteTx,
    mut conversation: Conversation,
) -> AppResult<Conversation> {
    conversation.updated_at = w.now;
    db::conversations::upsert(w.conn(), &conversation).await?;
    let store = conversation.store_id.clone();
    let id = conversation.id.clone();
    w.append(
        Some(&store),
        Some(&id),
        None,
        EventData::ConversationUpserted {
            conversation: conversation.clone(),
        },
    )
    .await?;
    Ok(conversation)
}
