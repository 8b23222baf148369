//! Overdue with a controllable clock (issue 6, acceptance 4): the card turns
//! overdue at the store's threshold (30 s in the demo), not before, and
//! exactly one notification is raised for the wait.

use fiido_e2e::{notifications, set_clock, testid, Desk};
use fiido_testkit::TestServer;

fn overdue_notices() -> usize {
    notifications()
        .iter()
        .filter(|n| {
            n["summary"]
                .as_str()
                .is_some_and(|s| s.starts_with("Overdue · Otto Brandt"))
        })
        .count()
}

#[tokio::test]
async fn a_chat_turns_overdue_at_the_threshold_and_notifies_once() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    set_clock(started);
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let agent = server.login("agent@demo.fiido").await;

    let (visitor, conversation) = server.visitor("fiido-eu", "Otto Brandt").await;
    server.visitor_says(&visitor, "Hallo, ist jemand da?").await;
    let (_, details) = server
        .get(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}"),
        )
        .await;
    let since = details["waiting_since"].as_i64().expect("waiting since");
    let card = format!("{}[data-id='{conversation}']", testid("conversation-item"));
    desk.until("the waiting conversation in the list", || async {
        !desk.all(&card).await.is_empty()
    })
    .await;

    // 29 s: not overdue. A second message makes the desk read the card again at that time.
    set_clock(since + 29_000);
    server.visitor_says(&visitor, "Hallo?").await;
    desk.until("the second message in the card", || async {
        desk.texts(&card).await.iter().any(|t| t.contains("Hallo?"))
    })
    .await;
    assert_eq!(
        desk.attribute(&card, "data-overdue").await.as_deref(),
        Some("false"),
        "not overdue before 30 s"
    );
    assert_eq!(overdue_notices(), 0);

    // 30 s: overdue, red, and notified.
    set_clock(since + 30_000);
    desk.until("the card turning overdue", || async {
        desk.attribute(&card, "data-overdue").await.as_deref() == Some("true")
    })
    .await;
    desk.until("the overdue notification", || async {
        overdue_notices() == 1
    })
    .await;
    let notice = notifications()
        .into_iter()
        .rev()
        .find(|n| {
            n["summary"]
                .as_str()
                .is_some_and(|s| s.starts_with("Overdue"))
        })
        .unwrap();
    assert_eq!(notice["summary"], "Overdue · Otto Brandt · Fiido Europe");
    assert_eq!(notice["urgency"], 2);
    desk.screenshot("overdue").await;

    // Later, and after another message: still exactly one notification for this wait.
    set_clock(since + 95_000);
    server.visitor_says(&visitor, "Noch da?").await;
    desk.until("the third message in the card", || async {
        desk.texts(&card)
            .await
            .iter()
            .any(|t| t.contains("Noch da?"))
    })
    .await;
    assert_eq!(
        desk.attribute(&card, "data-overdue").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        overdue_notices(),
        1,
        "one notification per wait, never a flood"
    );
    desk.close().await;
}
