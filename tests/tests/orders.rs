//! Orders in the real app (issue 10, acceptance 1; COM-1, COM-2): the agent
//! opens a customer's paid order, sees its timeline, changes the address
//! (the server has it, and the desk shows the server's copy); a lead's note
//! made elsewhere is pushed into the open panel; after a cancellation the
//! order offers no actions, and an action forced through the API is refused
//! with `invalid_transition`.

use fantoccini::key::Key;
use fiido_e2e::{press_keys, testid, Desk};
use fiido_testkit::TestServer;
use serde_json::{json, Value};

/// The actions an order card offers, in order.
async fn offered(desk: &Desk, card: &str) -> Vec<String> {
    let mut kinds = Vec::new();
    for b in desk.all(&format!("{card} [data-action]")).await {
        kinds.push(
            b.attr("data-action")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    kinds
}

#[tokio::test]
async fn an_agent_changes_an_orders_address_sees_pushes_and_is_offered_only_valid_actions() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    // A paid order whose customer has a conversation Lena can open.
    let (_, orders) = server.get(&agent.token, "/api/v1/orders?limit=500").await;
    let (_, conversations) = server
        .get(&agent.token, "/api/v1/conversations?limit=500")
        .await;
    let (order, conversation) = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "paid")
        .find_map(|o| {
            let theirs: Vec<&Value> = conversations["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["customer_id"] == o["customer_id"])
                .collect();
            match theirs[..] {
                [c] => Some((o.clone(), c["id"].as_str().unwrap().to_owned())),
                _ => None,
            }
        })
        .expect("a paid demo order whose customer has one chat");
    let id = order["id"].as_str().unwrap().to_owned();
    let card = format!(
        "[data-testid=order][data-number='{}']",
        order["number"].as_str().unwrap()
    );

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.until("the chats in the list", || async {
        !desk.all(&testid("conversation-item")).await.is_empty()
    })
    .await;
    // Find the order the way an agent would: Ctrl+K and its number.
    press_keys("ctrl+k");
    desk.element(&testid("search-input"))
        .await
        .send_keys(order["number"].as_str().unwrap())
        .await
        .expect("type the order number");
    let hit = format!("{}[data-kind=order][data-id='{id}']", testid("search-hit"));
    desk.click(&hit).await;
    desk.until("the customer's chat open", || async {
        desk.attribute(&testid("composer"), "data-conversation-id")
            .await
            .as_deref()
            == Some(conversation.as_str())
    })
    .await;

    // What the customer spent (CUST-2) heads the panel.
    assert!(!desk
        .texts(&testid("spending-total"))
        .await
        .concat()
        .is_empty());
    // The timeline: placed and paid reached, shipped and delivered ahead.
    desk.element(&format!("{card} [data-testid=order-timeline]"))
        .await;
    let reached = desk
        .all(&format!("{card} [data-testid=order-timeline] li.done"))
        .await;
    let ahead = desk
        .all(&format!(
            "{card} [data-testid=order-timeline] li:not(.done)"
        ))
        .await;
    assert_eq!(
        (reached.len(), ahead.len()),
        (2, 2),
        "placed, paid; shipped, delivered ahead"
    );
    assert_eq!(
        offered(&desk, &card).await,
        vec![
            "change_address",
            "change_note",
            "urge_shipment",
            "request_refund",
            "cancel"
        ]
    );

    // Change the address.
    desk.click(&format!("{card} [data-action=change_address]"))
        .await;
    let field = desk.element(&testid("order-address")).await;
    field.clear().await.expect("clear the address");
    field
        .send_keys(
            &"Mia Koch\nTorstraße 9\n10119 Berlin\nDE".replace('\n', &Key::Enter.to_string()),
        )
        .await
        .expect("type the address");
    desk.click(&testid("order-action-confirm")).await;
    let shown = format!("{card} [data-testid=order-address-shown]");
    desk.until("the new address on the card", || async {
        desk.texts(&shown).await.concat().contains("Torstraße 9")
    })
    .await;
    desk.until("the server has it and the desk nothing pending", || async {
        let (_, o) = server
            .get(&agent.token, &format!("/api/v1/orders/{id}"))
            .await;
        o["shipping_address"] == "Mia Koch\nTorstraße 9\n10119 Berlin\nDE"
            && desk
                .all(&format!("{card} [data-testid=order-pending]"))
                .await
                .is_empty()
    })
    .await;

    // A lead writes a note from elsewhere: it is pushed into the open panel.
    let (status, _) = server
        .post(
            &lead.token,
            &format!("/api/v1/orders/{id}/actions"),
            &json!({"kind": "change_note", "note": "Customer asked to deliver after 18:00"}),
        )
        .await;
    assert_eq!(status, 200);
    desk.until("the lead's note pushed to the desk", || async {
        desk.texts(&format!("{card} [data-testid=order-note-shown]"))
            .await
            .concat()
            .contains("after 18:00")
    })
    .await;
    desk.screenshot("order-address-changed").await;

    // Cancel: the card then offers nothing, and the API refuses with its code.
    desk.click(&format!("{card} [data-action=cancel]")).await;
    desk.element(&testid("order-reason"))
        .await
        .send_keys("Ordered twice by mistake")
        .await
        .expect("type the reason");
    desk.click(&testid("order-action-confirm")).await;
    desk.until("the order cancelled, with no actions offered", || async {
        desk.attribute(&format!("{card} .top [data-status]"), "data-status")
            .await
            .as_deref()
            == Some("cancelled")
            && offered(&desk, &card).await.is_empty()
    })
    .await;
    desk.until("the server has the cancellation", || async {
        let (_, o): (u16, Value) = server
            .get(&agent.token, &format!("/api/v1/orders/{id}"))
            .await;
        o["status"] == "cancelled"
    })
    .await;
    let (status, refused) = server
        .post(
            &agent.token,
            &format!("/api/v1/orders/{id}/actions"),
            &json!({"kind": "change_address", "address": "Elsewhere 1"}),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    desk.screenshot("order-cancelled").await;
    desk.close().await;
}

/// Refund approval in the desk (issue 10, acceptance 4; TKT-3): an agent's
/// refund over the threshold waits; the lead approves it in the desk; the
/// agent's desk shows the result; an agent cannot approve.
#[tokio::test]
async fn a_lead_approves_a_waiting_refund_in_the_desk_and_the_agent_sees_it() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (_, orders) = server.get(&agent.token, "/api/v1/orders?limit=500").await;
    let (_, conversations) = server
        .get(&agent.token, "/api/v1/conversations?limit=500")
        .await;
    let (order, conversation) = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["status"] == "delivered" && o["total"]["amount_minor"].as_i64() > Some(50_000)
        })
        .find_map(|o| {
            let theirs: Vec<&Value> = conversations["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["customer_id"] == o["customer_id"])
                .collect();
            match theirs[..] {
                [c] => Some((o.clone(), c["id"].as_str().unwrap().to_owned())),
                _ => None,
            }
        })
        .expect("a delivered demo order over 500.00 whose customer has one chat");
    let id = order["id"].as_str().unwrap().to_owned();
    let (status, asked) = server
        .post(
            &agent.token,
            &format!("/api/v1/orders/{id}/actions"),
            &json!({"kind": "request_refund", "reason": "Motor fails after rain"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(asked["refund"]["state"], "awaiting_approval");
    let (status, refused) = server
        .post(
            &agent.token,
            &format!("/api/v1/orders/{id}/refund-decision"),
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );

    let card = format!(
        "[data-testid=order][data-number='{}']",
        order["number"].as_str().unwrap()
    );
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "lead@demo.fiido").await;
    desk.until("the chats in the list", || async {
        !desk.all(&testid("conversation-item")).await.is_empty()
    })
    .await;
    press_keys("ctrl+k");
    desk.element(&testid("search-input"))
        .await
        .send_keys(order["number"].as_str().unwrap())
        .await
        .expect("type the order number");
    desk.click(&format!(
        "{}[data-kind=order][data-id='{id}']",
        testid("search-hit")
    ))
    .await;
    desk.until("the customer's chat open", || async {
        desk.attribute(&testid("composer"), "data-conversation-id")
            .await
            .as_deref()
            == Some(conversation.as_str())
    })
    .await;
    assert_eq!(
        desk.attribute(&format!("{card} [data-testid=order-refund]"), "data-state")
            .await
            .as_deref(),
        Some("awaiting_approval")
    );
    desk.click(&format!("{card} [data-testid=order-decide-refund]"))
        .await;
    desk.element(&testid("refund-note"))
        .await
        .send_keys("Photos show water in the motor housing")
        .await
        .expect("type the note");
    desk.click(&testid("order-action-confirm")).await;
    desk.until("the refund approved on the card", || async {
        desk.attribute(&format!("{card} [data-testid=order-refund]"), "data-state")
            .await
            .as_deref()
            == Some("approved")
    })
    .await;
    desk.screenshot("refund-approved").await;

    // The agent sees the result: refunded, approved by the lead, with the note.
    desk.until("the server has the decision", || async {
        let (_, o) = server
            .get(&agent.token, &format!("/api/v1/orders/{id}"))
            .await;
        o["status"] == "refunded"
            && o["refund"]["decided_by"] == "Wei Zhang"
            && o["refund"]["decision_note"] == "Photos show water in the motor housing"
    })
    .await;
    desk.close().await;
}
