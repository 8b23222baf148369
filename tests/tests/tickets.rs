//! Tickets in the real app (issue 10, acceptance 2 and 5; TKT-1, TKT-2,
//! TKT-4, COM-3): the agent opens a repair ticket from a conversation in
//! three steps; the board shows it numbered by the server with its
//! deadline; with the server's clock moved, the deadline's reminder and then
//! its breach reach the notification server once each and the board turns
//! amber, then red. When the carrier sweep starts and finds parcels stuck or
//! returned, the desk is told of the problem.

use fiido_e2e::{notifications, testid, Desk};
use fiido_testkit::TestServer;

const HOUR: i64 = 3_600_000;

fn summaries(prefix: &str) -> Vec<String> {
    notifications()
        .into_iter()
        .filter_map(|n| n["summary"].as_str().map(str::to_owned))
        .filter(|s| s.starts_with(prefix))
        .collect()
}

#[tokio::test]
async fn a_ticket_opened_in_three_steps_is_reminded_then_alerted_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    std::fs::write(&clock, start.to_string()).unwrap();
    let mut server = TestServer::start(&["--demo", "--clock-file", clock.to_str().unwrap()]);
    let (visitor, conversation) = server.visitor("fiido-eu", "Jonas Repair").await;
    server
        .visitor_says(&visitor, "Die Bremse quietscht seit der ersten Fahrt")
        .await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;

    // Step 1: the kind; step 2: the details from its template; step 3: a last look.
    desk.click(&testid("new-ticket")).await;
    desk.click(&testid("ticket-kind-repair")).await;
    desk.click(&testid("ticket-next")).await;
    let title = desk.element(&testid("ticket-title")).await;
    assert_eq!(
        title.prop("value").await.unwrap().as_deref(),
        Some("Repair: Jonas Repair"),
        "the template names the customer when there is no order"
    );
    desk.click(&testid("ticket-next")).await;
    let summary = desk.texts(&testid("ticket-summary")).await.concat();
    assert!(summary.contains("resolve within 120 h"), "{summary}");
    desk.click(&testid("ticket-next")).await;
    desk.until("the dialog closed", || async {
        desk.all(&testid("new-ticket-dialog")).await.is_empty()
    })
    .await;

    // The board: numbered by the server, due in five days.
    desk.click(&testid("nav-tickets")).await;
    let row = "[data-testid=ticket][data-kind=repair]";
    desk.until("the ticket numbered by the server", || async {
        desk.attribute(row, "data-number")
            .await
            .is_some_and(|n| n.starts_with("T-"))
    })
    .await;
    let number = desk.attribute(row, "data-number").await.unwrap();
    assert_eq!(
        desk.attribute(&format!("{row} [data-testid=ticket-deadline]"), "data-tone")
            .await
            .as_deref(),
        Some("ok")
    );
    let lena = server.login("agent@demo.fiido").await;
    let (_, ticket) = server
        .get(&lena.token, &format!("/api/v1/tickets/{number}"))
        .await;
    assert_eq!(ticket["conversation_id"], conversation.as_str());
    let due = ticket["due_at"].as_i64().unwrap();

    // Given to the lead from the board; the server has it.
    desk.until("the store's colleagues to pick from", || async {
        !desk
            .all(&format!(
                "{row} [data-testid=ticket-assignee] option[value=agent-wei]"
            ))
            .await
            .is_empty()
    })
    .await;
    desk.click(&format!(
        "{row} [data-testid=ticket-assignee] option[value=agent-wei]"
    ))
    .await;
    desk.until("the ticket assigned on the server", || async {
        let (_, t) = server
            .get(&lena.token, &format!("/api/v1/tickets/{number}"))
            .await;
        t["assignee_id"] == "agent-wei"
    })
    .await;
    // Back to the team (SLA alerts go to the assignee, or to all when unassigned).
    desk.click(&format!(
        "{row} [data-testid=ticket-assignee] option[value='']"
    ))
    .await;
    desk.until("the ticket unassigned on the server", || async {
        let (_, t) = server
            .get(&lena.token, &format!("/api/v1/tickets/{number}"))
            .await;
        t["assignee_id"].is_null()
    })
    .await;

    // The reminder, a fifth of the SLA before the deadline.
    std::fs::write(&clock, (due - 24 * HOUR + 60_000).to_string()).unwrap();
    let soon = format!("Ticket due soon · {number}");
    desk.until("the reminder notified", || async {
        summaries("Ticket due soon").contains(&soon)
    })
    .await;
    desk.until("the board's deadline amber", || async {
        desk.attribute(&format!("{row} [data-testid=ticket-deadline]"), "data-tone")
            .await
            .as_deref()
            == Some("near")
    })
    .await;

    // Past the deadline: the breach, critical.
    std::fs::write(&clock, (due + 60_000).to_string()).unwrap();
    let overdue = format!("Ticket overdue · {number}");
    desk.until("the breach notified", || async {
        summaries("Ticket overdue").contains(&overdue)
    })
    .await;
    desk.until("the board's deadline red", || async {
        desk.attribute(&format!("{row} [data-testid=ticket-deadline]"), "data-tone")
            .await
            .as_deref()
            == Some("late")
    })
    .await;
    let notice = notifications()
        .into_iter()
        .find(|n| n["summary"] == overdue.as_str())
        .unwrap();
    assert_eq!(notice["urgency"], 2);
    assert_eq!(notice["body"], "Repair: Jonas Repair");
    desk.screenshot("ticket-board").await;

    // The carrier sweep starts: parcels stuck or returned are the team's problem.
    std::fs::write(&clock, start.to_string()).unwrap();
    server.restart_with(&[
        "--demo",
        "--track-shipments",
        "--clock-file",
        clock.to_str().unwrap(),
    ]);
    desk.until("a parcel problem notified", || async {
        !summaries("Parcel problem").is_empty()
            || !summaries("")
                .iter()
                .all(|s| !s.ends_with("more ticket alerts"))
    })
    .await;
    assert_eq!(
        summaries("Ticket due soon")
            .iter()
            .filter(|s| **s == soon)
            .count(),
        1,
        "once"
    );
    assert_eq!(
        summaries("Ticket overdue")
            .iter()
            .filter(|s| **s == overdue)
            .count(),
        1,
        "once"
    );
    desk.close().await;
}
