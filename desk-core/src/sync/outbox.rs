//! The outbox sender: delivers queued actions in order, retrying passing
//! failures with backoff and marking refused ones failed.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{broadcast, watch, Notify};

use super::backoff::Backoff;
use super::client::{ApiClient, CallError};
use super::link::Link;
use crate::store::{OutboxAction, Store};
use crate::views::ChangeNotice;

/// Runs until shutdown, woken by `kick` whenever something was queued or the
/// link came back.
pub async fn run(
    store: Arc<Store>,
    client: ApiClient,
    link: Link,
    kick: Arc<Notify>,
    changes: broadcast::Sender<ChangeNotice>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut backoff = Backoff::new(Duration::from_millis(250), Duration::from_secs(15));
    loop {
        let delay = match deliver_all(&store, &client, &link, &changes).await {
            Ok(()) => {
                backoff.reset();
                None
            }
            Err(()) => Some(backoff.next_delay()),
        };
        let wait = async {
            match delay {
                Some(d) => tokio::time::sleep(d).await,
                None => kick.notified().await,
            }
        };
        tokio::select! {
            _ = wait => {}
            _ = kick.notified(), if delay.is_some() => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Delivers every pending row; Err(()) when a passing failure stopped it.
async fn deliver_all(
    store: &Store,
    client: &ApiClient,
    link: &Link,
    changes: &broadcast::Sender<ChangeNotice>,
) -> Result<(), ()> {
    loop {
        let item = match store.next_pending() {
            Ok(Some(item)) => item,
            Ok(None) => return Ok(()),
            Err(e) => {
                tracing::error!(error = %e.message, "reading the outbox");
                return Err(());
            }
        };
        let (outcome, mut notice) = match &item.action {
            OutboxAction::SendMessage(send) => {
                let outcome = client
                    .send_message(&send.conversation_id, &send.request)
                    .await
                    .map(|message| store.complete_send(&item.client_id, &message));
                let notice = ChangeNotice {
                    conversation_ids: vec![send.conversation_id.clone()],
                    lists: true,
                    ..Default::default()
                };
                (outcome, notice)
            }
            OutboxAction::CreateQuickReply(new) => {
                let outcome = client
                    .create_quick_reply(new, &item.client_id)
                    .await
                    .map(|reply| store.complete_quick_reply(&item.client_id, &reply));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::UpdateQuickReply(update) => {
                let outcome = client
                    .update_quick_reply(&update.id, &update.patch, &item.client_id)
                    .await
                    .map(|reply| store.complete_quick_reply(&item.client_id, &reply));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::CreateArticle(new) => {
                let outcome = client
                    .create_article(new, &item.client_id)
                    .await
                    .map(|article| store.complete_article(&item.client_id, &article));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::UpdateArticle(update) => {
                let outcome = client
                    .update_article(&update.id, &update.patch, &item.client_id)
                    .await
                    .map(|article| store.complete_article(&item.client_id, &article));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::DeleteQuickReply(id) => {
                let outcome = client
                    .delete_quick_reply(id)
                    .await
                    .map(|()| store.complete_with(&item.client_id, |_| Ok(())));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::ReorderQuickReplies(order) => {
                let outcome = client
                    .reorder_quick_replies(order)
                    .await
                    .map(|replies| store.complete_quick_reply_order(&item.client_id, &replies));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::RecordUse(report) => {
                let outcome = client
                    .record_use(report, &item.client_id)
                    .await
                    .map(|count| store.complete_use(&item.client_id, report, count.uses));
                (outcome, ChangeNotice::default())
            }
            OutboxAction::PatchConversation(update) => {
                let outcome = client
                    .patch_conversation(update, &item.client_id)
                    .await
                    .map(|c| store.complete_conversation(&item.client_id, &c));
                (outcome, conversation_changed(&update.id))
            }
            OutboxAction::Assign(assignment) => {
                let outcome = client
                    .assign(assignment, &item.client_id)
                    .await
                    .map(|c| store.complete_conversation(&item.client_id, &c));
                (outcome, conversation_changed(&assignment.conversation_id))
            }
            OutboxAction::AddNote(note) => {
                let outcome = client
                    .add_note(note, &item.client_id)
                    .await
                    .map(|message| store.complete_send(&item.client_id, &message));
                (outcome, conversation_changed(&note.conversation_id))
            }
            OutboxAction::PatchCustomer(update) => {
                let outcome = client
                    .patch_customer(update)
                    .await
                    .map(|c| store.complete_customer(&item.client_id, &c));
                let notice = ChangeNotice {
                    lists: true,
                    ..Default::default()
                };
                (outcome, notice)
            }
            OutboxAction::OrderAction(update) => {
                let outcome = client
                    .order_action(update, &item.client_id)
                    .await
                    .map(|o| store.complete_order(&item.client_id, "order_action", &o));
                (outcome, order_changed())
            }
            OutboxAction::RefundDecision(verdict) => {
                let outcome = client
                    .refund_decision(verdict, &item.client_id)
                    .await
                    .map(|o| store.complete_order(&item.client_id, "refund_decision", &o));
                (outcome, order_changed())
            }
            OutboxAction::CreateTicket(new) => {
                let outcome = client
                    .create_ticket(new, &item.client_id)
                    .await
                    .map(|t| store.complete_ticket(&item.client_id, "create_ticket", &t));
                (outcome, tickets_changed())
            }
            OutboxAction::PatchTicket(update) => {
                let outcome = client
                    .patch_ticket(update, &item.client_id)
                    .await
                    .map(|t| store.complete_ticket(&item.client_id, "patch_ticket", &t));
                (outcome, tickets_changed())
            }
            OutboxAction::SaveSettings(settings) => {
                let outcome = client
                    .put_settings(settings)
                    .await
                    .map(|saved| store.complete_settings(&item.client_id, &saved));
                let notice = ChangeNotice {
                    settings: true,
                    ..Default::default()
                };
                (outcome, notice)
            }
        };
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::error!(error = %e.message, "recording a delivered action");
                return Err(());
            }
            Err(CallError::Transient(reason)) => {
                let _ = store.record_attempt(&item.client_id, &reason);
                return Err(());
            }
            Err(CallError::Unauthenticated(e)) => {
                let _ = store.record_attempt(&item.client_id, &e.message);
                return Err(());
            }
            Err(CallError::Refused(e)) => {
                tracing::warn!(error = %e.message, "the server refused a queued action");
                let _ = store.fail_action(&item.client_id, &e.message);
                put_back(store, client, &item.action).await;
                notice.problems.push(e.message.clone());
            }
            Err(CallError::Gone) => {
                let _ = store.fail_action(&item.client_id, "the server refused the action");
            }
        }
        if let Ok(n) = store.queued_count() {
            link.set_queued(n);
        }
        let _ = changes.send(notice);
    }
}

fn conversation_changed(id: &str) -> ChangeNotice {
    ChangeNotice {
        conversation_ids: vec![id.to_owned()],
        lists: true,
        ..Default::default()
    }
}

/// After a refused change of a conversation (a colleague claimed it first),
/// the server's copy replaces the agent's guess.
/// A ticket changed: the board re-reads.
fn tickets_changed() -> ChangeNotice {
    ChangeNotice {
        tickets: true,
        ..Default::default()
    }
}

/// An order changed: the panels showing it re-read (a refusal put the
/// server's copy back).
fn order_changed() -> ChangeNotice {
    ChangeNotice {
        lists: true,
        ..Default::default()
    }
}

async fn put_back(store: &Store, client: &ApiClient, action: &OutboxAction) {
    let order_id = match action {
        OutboxAction::OrderAction(update) => Some(&update.id),
        OutboxAction::RefundDecision(verdict) => Some(&verdict.id),
        _ => None,
    };
    let ticket_id = match action {
        OutboxAction::CreateTicket(new) => new.id.as_ref(),
        OutboxAction::PatchTicket(update) => Some(&update.id),
        _ => None,
    };
    if let Some(id) = ticket_id {
        let server_copy = match client.ticket(id).await {
            Ok(t) => Some(t),
            Err(CallError::Refused(_)) => None,
            Err(e) => {
                tracing::warn!(error = ?e, "reading a ticket back after a refusal");
                return;
            }
        };
        if let Err(e) = store.restore_ticket(id, server_copy.as_ref()) {
            tracing::warn!(error = %e.message, "putting a ticket back");
        }
        return;
    }
    if let Some(id) = order_id {
        match client.order(id).await {
            Ok(order) => {
                if let Err(e) = store.restore_order(&order) {
                    tracing::warn!(error = %e.message, "putting an order back");
                }
            }
            Err(e) => tracing::warn!(error = ?e, "reading an order back after a refusal"),
        }
        return;
    }
    let id = match action {
        OutboxAction::PatchConversation(update) => &update.id,
        OutboxAction::Assign(assignment) => &assignment.conversation_id,
        _ => return,
    };
    match client.conversation(id).await {
        Ok(c) => {
            if let Err(e) = store.restore_conversation(&c) {
                tracing::warn!(error = %e.message, "putting a conversation back");
            }
        }
        Err(e) => tracing::warn!(error = ?e, "reading a conversation back after a refusal"),
    }
}
