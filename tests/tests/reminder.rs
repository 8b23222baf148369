//! Follow-up reminders with a controllable clock (issue 8, CUST-5): the
//! agent asks to be reminded "in 3 days" with a note; nothing comes before,
//! and one notification comes when the desk's clock reaches it, with the
//! server stopped (it lives in the desk).

use fiido_e2e::{notifications, set_clock, testid, Desk};
use fiido_testkit::TestServer;

fn reminders_shown() -> usize {
    notifications()
        .iter()
        .filter(|n| {
            n["summary"]
                .as_str()
                .is_some_and(|s| s.starts_with("Follow up · Rita Roller"))
        })
        .count()
}

#[tokio::test]
async fn a_follow_up_in_three_days_notifies_once_when_due_even_offline() {
    let mut server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Rita Roller").await;
    server
        .visitor_says(&visitor, "I'll test the bike this weekend")
        .await;
    let desk = Desk::fresh_launch().await;
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    set_clock(start);
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;

    desk.click(&testid("remind")).await;
    desk.element(&testid("remind-note"))
        .await
        .send_keys("Ask how the test ride went")
        .await
        .expect("note");
    desk.click(&testid("remind-3-days")).await;
    desk.element(&testid("reminder-set")).await;

    server.stop();
    let day = 86_400_000;
    set_clock(start + 3 * day - 60_000);
    // The tick runs every second: give it a look at the earlier time first.
    desk.until("the link shown offline", || async {
        desk.attribute(&testid("link-state"), "data-status")
            .await
            .as_deref()
            == Some("offline")
    })
    .await;
    assert_eq!(reminders_shown(), 0, "not before it is due");
    set_clock(start + 3 * day);
    desk.until("the reminder notified", || async { reminders_shown() == 1 })
        .await;
    let notice = notifications()
        .into_iter()
        .rev()
        .find(|n| {
            n["summary"]
                .as_str()
                .is_some_and(|s| s.starts_with("Follow up"))
        })
        .unwrap();
    assert_eq!(notice["body"], "Ask how the test ride went");
    desk.until("gone from the conversation once fired", || async {
        desk.all(&testid("reminder-set")).await.is_empty()
    })
    .await;
    assert_eq!(reminders_shown(), 1, "once");
    desk.close().await;
}
