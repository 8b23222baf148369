//! Notifications and the tray (issue 6, acceptance 1 and 2, in part): a VIP
//! customer's message reaches the real notification server with who and
//! what; clicking it shows that conversation; the tray's label counts it;
//! "Quit" in the tray menu ends the app.

use fiido_e2e::{
    app_running, click_notification, notifications, testid, tray_click, tray_property, Desk,
};
use fiido_testkit::TestServer;
use serde_json::json;

/// (waiting, VIP waiting) out of a label.
fn counts(label: &str) -> (i64, i64) {
    let number = |word: &str| {
        label
            .split(" · ")
            .find(|part| part.ends_with(word))
            .and_then(|part| part.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (number("waiting"), number("VIP"))
}

#[tokio::test]
async fn a_vip_message_notifies_counts_in_the_tray_and_the_click_opens_it() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.until("demo conversations", || async {
        desk.all(&testid("conversation-item")).await.len() >= 5
    })
    .await;
    desk.until(
        "the tray counting the demo's waiting conversations",
        || async { tray_property("XAyatanaLabel").is_some_and(|l| counts(&l).0 > 0) },
    )
    .await;
    let before = counts(&tray_property("XAyatanaLabel").unwrap());

    // A customer the lead marks VIP writes in.
    let (visitor, conversation) = server.visitor("fiido-eu", "Heike Vogt").await;
    let (_, session) = server.get(&visitor, "/api/v1/widget/session").await;
    let customer = session["customer"]["id"].as_str().unwrap().to_owned();
    let lead = server.login("lead@demo.fiido").await;
    let response = server
        .http
        .patch(server.url(&format!("/api/v1/customers/{customer}")))
        .bearer_auth(&lead.token)
        .json(&json!({"vip_level": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    server
        .visitor_says(&visitor, "Dringend: mein Akku lädt seit gestern nicht mehr")
        .await;

    // The notification says who and what, marked VIP and critical, with a default action.
    let vip_notice = || {
        notifications().into_iter().find(|n| {
            n["summary"]
                .as_str()
                .is_some_and(|s| s.contains("Heike Vogt"))
        })
    };
    desk.until("the VIP notification", || async { vip_notice().is_some() })
        .await;
    let notice = vip_notice().unwrap();
    assert_eq!(notice["summary"], "VIP 2 · Heike Vogt · Fiido Europe");
    assert_eq!(
        notice["body"],
        "Dringend: mein Akku lädt seit gestern nicht mehr"
    );
    assert_eq!(notice["urgency"], 2, "VIP messages are critical");
    assert!(notice["actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "default"));
    assert_eq!(
        notifications()
            .iter()
            .filter(|n| n["summary"] == notice["summary"])
            .count(),
        1,
        "one notification"
    );

    // The tray counts it: one more waiting, one more VIP.
    desk.until("the tray counting the VIP", || async {
        tray_property("XAyatanaLabel").is_some_and(|l| counts(&l) == (before.0 + 1, before.1 + 1))
    })
    .await;

    // Clicking the notification shows that conversation.
    click_notification(notice["id"].as_u64().unwrap(), "default");
    let selected = format!(
        "{}[data-id='{conversation}'][aria-selected='true']",
        testid("conversation-item")
    );
    desk.until("the notified conversation shown", || async {
        !desk.all(&selected).await.is_empty()
            && desk
                .texts(&testid("chat-title"))
                .await
                .iter()
                .any(|t| t.contains("Heike Vogt"))
    })
    .await;
    desk.screenshot("notification-opened").await;

    // "Quit" in the tray menu ends the app.
    tray_click("Quit");
    desk.until("the app ended", || async { !app_running() })
        .await;
    desk.close().await;
}
