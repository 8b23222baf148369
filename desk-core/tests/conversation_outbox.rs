//! Conversation actions offline (issue 8): pin, tag, note and claim queued
//! with the server stopped show in the cache at once and reach it once each;
//! a claim that lost the race to a colleague puts the server's copy back and
//! tells the agent who was first.

mod common;

use common::{desk, until};
use fiido_desk_core::views::LinkStatus;
use fiido_protocol::api::{AssignRequest, ConversationPatch};
use fiido_protocol::model::Author;
use fiido_testkit::TestServer;
use serde_json::json;

#[tokio::test]
async fn actions_made_offline_reach_the_server_once_and_a_lost_claim_is_put_back() {
    let mut server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server.visitor_says(&visitor, "Where is my refund?").await;
    let (store, engine, login) = desk(&server, "agent@demo.fiido").await;
    until(&engine, "the conversation in the cache", || {
        store.conversation(&conversation).unwrap().is_some()
    })
    .await;

    // The lead has taken the conversation; the agent, working from an older
    // view, will try to claim it.
    let lead = server.login("lead@demo.fiido").await;
    let (status, _) = server
        .post(
            &lead.token,
            &format!("/api/v1/conversations/{conversation}/assignment"),
            &json!({"assignee_id": lead.agent.id}),
        )
        .await;
    assert_eq!(status, 200);

    server.stop();
    until(&engine, "offline", || {
        engine.link.borrow().status == LinkStatus::Offline
    })
    .await;
    let patched = store
        .enqueue_conversation_patch(
            &conversation,
            &ConversationPatch {
                pinned: Some(true),
                tags: Some(vec!["refund-approved".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(patched.pinned);
    let note = store
        .enqueue_note(&conversation, "Refund approved by Wei", &login.agent)
        .unwrap();
    assert_eq!(note.author, Author::Note);
    store
        .enqueue_assignment(
            &conversation,
            &AssignRequest {
                assignee_id: Some(login.agent.id.clone()),
                note: None,
            },
        )
        .unwrap();
    engine.outbox_changed();
    let card = store
        .cards(std::slice::from_ref(&conversation))
        .unwrap()
        .remove(0);
    assert_eq!(
        (card.pinned, card.tags.clone(), card.assignee_id.clone()),
        (
            true,
            vec!["refund-approved".to_owned()],
            Some(login.agent.id.clone())
        ),
        "shown at once"
    );
    assert_eq!(
        store
            .tag_counts()
            .unwrap()
            .iter()
            .find(|t| t.tag == "refund-approved")
            .map(|t| t.count),
        Some(1)
    );

    let mut changes = engine.changes.subscribe();
    server.restart();
    let problems = tokio::time::timeout(fiido_testkit::WAIT, async {
        loop {
            let notice = changes.recv().await.expect("change notices");
            if !notice.problems.is_empty() {
                return notice.problems;
            }
        }
    })
    .await
    .expect("the refusal told in time");
    assert_eq!(problems, vec!["Wei Zhang took this conversation first"]);
    until(&engine, "the outbox drained", || {
        let link = engine.link.borrow();
        link.status == LinkStatus::Online && link.queued == 0
    })
    .await;
    until(&engine, "the server's copy back in the cache", || {
        store
            .conversation(&conversation)
            .unwrap()
            .unwrap()
            .assignee_id
            == Some(lead.agent.id.clone())
    })
    .await;

    let (_, c) = server
        .get(
            &lead.token,
            &format!("/api/v1/conversations/{conversation}"),
        )
        .await;
    assert_eq!(
        (c["pinned"].as_bool(), c["tags"].clone()),
        (Some(true), json!(["refund-approved"]))
    );
    let (_, messages) = server
        .get(
            &lead.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
        )
        .await;
    let notes: Vec<&str> = messages["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["author"] == "note")
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(notes, vec!["Refund approved by Wei"], "the note once");
}
