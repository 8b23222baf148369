//! Batch actions in the real app (issue 8, CONV-10): two conversations are
//! picked with Ctrl+click, tagged and closed in one go (the server has both),
//! and their transcripts are exported as a CSV file.

use fiido_e2e::{testid, Desk};
use fiido_testkit::TestServer;

/// Ctrl+clicks a conversation's row, as the agent would.
async fn ctrl_click(desk: &Desk, conversation: &str) {
    desk.element(&format!(
        "[data-testid=conversation-item][data-id='{conversation}']"
    ))
    .await;
    desk.page_strings(
        "document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('click', {bubbles: true, ctrlKey: true})); return [];",
        &format!("[data-testid=conversation-item][data-id='{conversation}']"),
    )
    .await;
}

#[tokio::test]
async fn two_conversations_are_tagged_closed_and_exported_at_once() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (a_visitor, a) = server.visitor("fiido-eu", "Batch Anna").await;
    server.visitor_says(&a_visitor, "Coupon please").await;
    let (b_visitor, b) = server.visitor("fiido-eu", "Batch Ben").await;
    server.visitor_says(&b_visitor, "Coupon too").await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    ctrl_click(&desk, &a).await;
    ctrl_click(&desk, &b).await;
    desk.until("two picked", || async {
        desk.texts(&testid("batch-count")).await == ["2 selected"]
    })
    .await;

    desk.click(&testid("batch-tag")).await;
    desk.element(&testid("batch-text"))
        .await
        .send_keys("coupon")
        .await
        .expect("tag");
    desk.click(&testid("batch-apply")).await;
    desk.until("the selection cleared after tagging", || async {
        desk.all(&testid("batch-bar")).await.is_empty()
    })
    .await;
    ctrl_click(&desk, &a).await;
    ctrl_click(&desk, &b).await;
    desk.click(&testid("batch-export")).await;
    let note = || async { desk.texts(&testid("batch-note")).await.join("") };
    desk.until("exported", || async {
        note().await.starts_with("Exported to ")
    })
    .await;
    let path = note().await.trim_start_matches("Exported to ").to_owned();
    let csv = std::fs::read_to_string(&path).expect("the exported file");
    assert!(
        csv.contains("Batch Anna") && csv.contains("Coupon too"),
        "{csv}"
    );
    desk.click(&testid("batch-close")).await;

    desk.until("both tagged and closed on the server", || async {
        let mut ok = true;
        for id in [&a, &b] {
            let (_, c) = server
                .get(&agent.token, &format!("/api/v1/conversations/{id}"))
                .await;
            ok &= c["status"] == "closed" && c["tags"] == serde_json::json!(["coupon"]);
        }
        ok
    })
    .await;
    desk.close().await;
}
