//! Quick replies made offline (issue 7, acceptance 3): with the server
//! stopped, an agent creates a personal quick reply and edits it; both are
//! usable at once from the cache and reach the server exactly once, in
//! order, after it returns.

mod common;

use common::{desk, until};
use fiido_desk_core::views::LinkStatus;
use fiido_protocol::api::{NewQuickReply, QuickReplyPatch};
use fiido_protocol::model::{ReplyScope, ReplyVariant};
use fiido_protocol::ErrorCode;
use fiido_testkit::TestServer;
use serde_json::Value;

#[tokio::test]
async fn a_reply_created_and_edited_offline_reaches_the_server_once() {
    let mut server = TestServer::start_demo();
    let (store, engine, login) = desk(&server, "agent@demo.fiido").await;
    let head = server.head(&login.token).await;

    server.stop();
    until(&engine, "offline", || {
        engine.link.borrow().status == LinkStatus::Offline
    })
    .await;
    let new = NewQuickReply {
        id: None,
        scope: ReplyScope::Personal,
        store_id: None,
        category: "after-sales".into(),
        title: "Frame number".into(),
        variants: vec![ReplyVariant {
            language: "en".into(),
            body: "Hi {customer_name}, where do I find the frame number?".into(),
        }],
    };
    let created = store.enqueue_new_quick_reply(&new, &login.agent).unwrap();
    engine.outbox_changed();
    let edited = store
        .enqueue_quick_reply_update(
            &created.id,
            &QuickReplyPatch {
                title: Some("Frame number (photo)".into()),
                ..Default::default()
            },
            &login.agent,
        )
        .unwrap();
    engine.outbox_changed();
    assert_eq!(edited.title, "Frame number (photo)");
    assert!(
        store
            .quick_replies()
            .unwrap()
            .iter()
            .any(|r| r.id == created.id && r.title == "Frame number (photo)"),
        "usable offline"
    );
    assert_eq!(engine.link.borrow().queued, 2);

    let team = NewQuickReply {
        scope: ReplyScope::Team,
        ..new.clone()
    };
    let refused = store
        .enqueue_new_quick_reply(&team, &login.agent)
        .unwrap_err();
    assert_eq!(
        refused.code,
        ErrorCode::Forbidden,
        "agents make personal replies only"
    );

    server.restart();
    until(&engine, "the outbox drained", || {
        let link = engine.link.borrow();
        link.status == LinkStatus::Online && link.queued == 0
    })
    .await;

    let (_, replies) = server
        .get(&login.token, "/api/v1/quick-replies?limit=500")
        .await;
    let mine: Vec<&Value> = replies["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == created.id.as_str())
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["title"], "Frame number (photo)");
    let (_, events) = server
        .get(&login.token, &format!("/api/v1/events?after={head}"))
        .await;
    let titles: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["quick_reply"]["id"] == created.id.as_str())
        .map(|e| e["data"]["quick_reply"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec!["Frame number", "Frame number (photo)"],
        "created once, then edited once, in that order"
    );
    until(&engine, "the cache holds the server's copy", || {
        store
            .quick_replies()
            .unwrap()
            .iter()
            .any(|r| r.id == created.id && r.title == "Frame number (photo)")
    })
    .await;
}
