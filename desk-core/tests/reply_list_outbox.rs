//! Keeping quick-reply lists offline (issue 7): with the server stopped an
//! agent reorders and deletes personal replies and inserts replies and
//! articles; the cache shows it at once, and after the server returns each
//! change reaches it exactly once (one count per insertion, not per retry).

mod common;

use common::{desk, until};
use fiido_desk_core::views::LinkStatus;
use fiido_protocol::api::{NewQuickReply, QuickReplyOrder};
use fiido_protocol::model::{ReplyScope, ReplyVariant, UsedKind};
use fiido_protocol::ErrorCode;
use fiido_testkit::TestServer;
use serde_json::Value;

fn personal(title: &str) -> NewQuickReply {
    NewQuickReply {
        id: None,
        scope: ReplyScope::Personal,
        store_id: None,
        category: "custom: e-bike tips".into(),
        title: title.into(),
        variants: vec![ReplyVariant {
            language: "en".into(),
            body: format!("{title}, {{customer_name}}."),
        }],
    }
}

#[tokio::test]
async fn reorders_deletions_and_insertions_made_offline_reach_the_server_once() {
    let mut server = TestServer::start_demo();
    let (store, engine, login) = desk(&server, "agent@demo.fiido").await;
    let agent = &login.agent;
    let first = store
        .enqueue_new_quick_reply(&personal("First"), agent)
        .unwrap();
    let second = store
        .enqueue_new_quick_reply(&personal("Second"), agent)
        .unwrap();
    let doomed = store
        .enqueue_new_quick_reply(&personal("Doomed"), agent)
        .unwrap();
    engine.outbox_changed();
    until(&engine, "the replies delivered", || {
        engine.link.borrow().queued == 0
    })
    .await;
    let team = store
        .quick_replies()
        .unwrap()
        .into_iter()
        .find(|r| r.scope == ReplyScope::Team)
        .unwrap();
    let article = store.articles().unwrap().remove(0);

    server.stop();
    until(&engine, "offline", || {
        engine.link.borrow().status == LinkStatus::Offline
    })
    .await;
    store
        .enqueue_quick_reply_order(
            &QuickReplyOrder {
                ids: vec![second.id.clone(), first.id.clone()],
            },
            agent,
        )
        .unwrap();
    store.enqueue_quick_reply_delete(&doomed.id, agent).unwrap();
    store.enqueue_use(UsedKind::QuickReply, &team.id).unwrap();
    store.enqueue_use(UsedKind::QuickReply, &team.id).unwrap();
    store.enqueue_use(UsedKind::Article, &article.id).unwrap();
    engine.outbox_changed();

    let mine: Vec<String> = store
        .quick_replies()
        .unwrap()
        .into_iter()
        .filter(|r| r.scope == ReplyScope::Personal)
        .map(|r| r.title)
        .collect();
    assert_eq!(
        mine,
        vec!["Second", "First"],
        "reordered and deleted at once"
    );
    let cached_uses = |id: &str| {
        store
            .quick_replies()
            .unwrap()
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| r.uses)
    };
    assert_eq!(
        cached_uses(&team.id),
        Some(team.uses + 2),
        "counted at once"
    );
    let refused = store
        .enqueue_quick_reply_order(
            &QuickReplyOrder {
                ids: vec![team.id.clone()],
            },
            agent,
        )
        .unwrap_err();
    assert_eq!(
        refused.code,
        ErrorCode::Forbidden,
        "team replies are the leads'"
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
    let items = replies["items"].as_array().unwrap();
    let by_id = |id: &str| items.iter().find(|r| r["id"] == id).cloned();
    assert!(by_id(&doomed.id).is_none(), "deleted on the server");
    assert_eq!(by_id(&second.id).unwrap()["position"], 1);
    assert_eq!(by_id(&first.id).unwrap()["position"], 2);
    assert_eq!(
        by_id(&team.id).unwrap()["uses"].as_i64(),
        Some(team.uses + 2),
        "two insertions, counted once each"
    );
    let (_, articles) = server.get(&login.token, "/api/v1/articles?limit=500").await;
    let counted: Vec<&Value> = articles["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["id"] == article.id.as_str())
        .collect();
    assert_eq!(counted[0]["uses"].as_i64(), Some(article.uses + 1));
    until(&engine, "the cache holds the server's totals", || {
        cached_uses(&team.id) == Some(team.uses + 2)
    })
    .await;
}
