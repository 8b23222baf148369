//! Snoozing in the real app (issue 8, CONV-9): an agent snoozes a
//! conversation for an hour; it shows snoozed with its time and counts in
//! the Snoozed tab, and the server has it; reopened, it is active again.

use fiido_e2e::{testid, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn an_agent_snoozes_a_conversation_for_an_hour_and_reopens_it() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "I'll send the receipt later")
        .await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;
    let snoozed_before: i64 = desk
        .attribute(&testid("filter-snoozed"), "data-count")
        .await
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    desk.click(&testid("snooze")).await;
    desk.click(&format!("{}:first-child", testid("snooze-choice")))
        .await;
    desk.until("shown snoozed with its time", || async {
        !desk.all(&testid("snoozed-until")).await.is_empty()
    })
    .await;
    desk.until("counted in the Snoozed tab", || async {
        desk.attribute(&testid("filter-snoozed"), "data-count")
            .await
            .and_then(|c| c.parse::<i64>().ok())
            == Some(snoozed_before + 1)
    })
    .await;
    desk.until("the server has it snoozed", || async {
        let (_, c) = server
            .get(
                &agent.token,
                &format!("/api/v1/conversations/{conversation}"),
            )
            .await;
        c["status"] == "snoozed" && c["snoozed_until"].as_i64().is_some()
    })
    .await;
    desk.screenshot("snoozed").await;

    desk.click(&testid("reopen")).await;
    desk.until("active again on the server", || async {
        let (_, c) = server
            .get(
                &agent.token,
                &format!("/api/v1/conversations/{conversation}"),
            )
            .await;
        c["status"] == "active"
    })
    .await;
    desk.close().await;
}
