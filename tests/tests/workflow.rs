//! Conversation workflow offline first (issue 8, acceptance 1), in the real
//! app: with the server stopped a lead pins, stars, tags (a preset and a
//! custom tag) and notes a conversation, filters the list by the new tag and
//! transfers the conversation to agent2 with a note. When the server
//! returns, each action reaches it exactly once, and agent2 (an API client)
//! sees the conversation arrive, the hand-over note and the mentions.

use fantoccini::key::Key;
use fiido_e2e::{cache_query, composer_of, testid, Desk};
use fiido_testkit::{event_kinds, TestServer};

#[tokio::test]
async fn pin_star_tag_note_and_transfer_offline_then_synced_once_and_agent2_sees_it() {
    let mut server = TestServer::start_demo();
    let marco = server.login("agent2@demo.fiido").await;
    // Marco is away, so routing leaves the new conversation in the queue
    // for the lead to hand over.
    let (_, mut settings) = server.get(&marco.token, "/api/v1/me/settings").await;
    settings["status"] = serde_json::json!("away");
    let (status, _) = server
        .send(
            reqwest::Method::PUT,
            &marco.token,
            "/api/v1/me/settings",
            &settings,
        )
        .await;
    assert_eq!(status, 200);
    let (visitor, conversation) = server.visitor("fiido-us", "Joe Black").await;
    server
        .visitor_says(&visitor, "My parcel is two weeks late")
        .await;
    let head = server.head(&marco.token).await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "lead@demo.fiido").await;
    desk.open_conversation(&conversation).await;
    desk.element(&testid("conversation-actions")).await;

    server.stop();
    desk.until("the link shown offline", || async {
        desk.attribute(&testid("link-state"), "data-status")
            .await
            .as_deref()
            == Some("offline")
    })
    .await;

    desk.click(&testid("pin")).await;
    desk.click(&testid("star")).await;
    desk.until("pinned and starred at once", || async {
        desk.attribute(&testid("pin"), "aria-pressed")
            .await
            .as_deref()
            == Some("true")
            && desk
                .attribute(&testid("star"), "aria-pressed")
                .await
                .as_deref()
                == Some("true")
    })
    .await;
    desk.click(&testid("tags")).await;
    desk.click(&format!("{}:first-child", testid("tag-option")))
        .await;
    let tag_input = desk.element(&testid("tag-input")).await;
    tag_input
        .send_keys("late-parcel")
        .await
        .expect("type a tag");
    tag_input
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    desk.until("both tags on the conversation", || async {
        desk.texts(&testid("header-tag")).await == ["refund", "late-parcel"]
    })
    .await;
    desk.click(&testid("tags")).await;

    desk.click(&testid("composer-note-tab")).await;
    let composer = desk.element(&composer_of(&conversation)).await;
    composer
        .send_keys("Carrier says lost. @Marco please refund")
        .await
        .expect("type the note");
    composer
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    desk.until("the note shown, marked internal", || async {
        desk.texts(&testid("note-label")).await == ["Internal note · Wei Zhang"]
    })
    .await;

    let filter = desk.element(&testid("tag-filter")).await;
    filter
        .select_by_value("late-parcel")
        .await
        .expect("choose the tag");
    desk.until("the list narrowed to the tag", || async {
        desk.all(&testid("conversation-item")).await.len() == 1
            && !desk
                .all(&format!(
                    "{}[data-id='{conversation}']",
                    testid("conversation-item")
                ))
                .await
                .is_empty()
    })
    .await;

    desk.click(&testid("transfer")).await;
    desk.element(&testid("transfer-to"))
        .await
        .select_by_value(&marco.agent.id)
        .await
        .expect("choose Marco");
    desk.element(&testid("transfer-note"))
        .await
        .send_keys("He wants his money back")
        .await
        .expect("note for Marco");
    desk.click(&testid("transfer-confirm")).await;
    desk.until("the conversation shown as Marco's", || async {
        desk.texts(&testid("assignee"))
            .await
            .first()
            .map(|t| t.trim().to_owned())
            == Some("Marco Rossi".to_owned())
    })
    .await;
    assert_eq!(
        cache_query("SELECT COUNT(*) || '' FROM outbox").as_deref(),
        Some("6"),
        "pin, star, two tag changes, the note and the transfer wait in the outbox"
    );
    desk.screenshot("workflow-offline").await;

    server.restart();
    desk.until("the outbox delivered", || async {
        cache_query("SELECT COUNT(*) || '' FROM outbox").as_deref() == Some("0")
    })
    .await;

    let (status, c) = server
        .get(
            &marco.token,
            &format!("/api/v1/conversations/{conversation}"),
        )
        .await;
    assert_eq!(status, 200, "Marco may see it now: {c}");
    assert_eq!(c["assignee_id"].as_str(), Some(marco.agent.id.as_str()));
    assert_eq!(
        (c["pinned"].as_bool(), c["starred"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(c["tags"], serde_json::json!(["refund", "late-parcel"]));

    let (_, events) = server
        .get(&marco.token, &format!("/api/v1/events?after={head}"))
        .await;
    let seen = event_kinds(&events);
    let count = |kind: &str| seen.iter().filter(|k| *k == kind).count();
    assert_eq!(
        count("conversation_upserted"),
        5,
        "pin, star, two tag changes and the transfer, once each: {seen:?}"
    );
    assert_eq!(
        count("note_added"),
        2,
        "the note and the hand-over note: {seen:?}"
    );
    assert_eq!(count("mentioned"), 2, "@Marco and the hand-over: {seen:?}");
    let notes: Vec<&str> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["kind"] == "note_added")
        .map(|e| e["data"]["message"]["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        notes,
        vec![
            "Carrier says lost. @Marco please refund",
            "Transferred to Marco Rossi: He wants his money back"
        ]
    );
    desk.close().await;
}
