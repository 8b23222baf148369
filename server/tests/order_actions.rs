//! Orders take actions (issue 10, COM-2, TKT-3): only what the order's
//! status allows; anything else forced through the API is refused with
//! `invalid_transition`; every change reaches the desks as an event; a
//! refund over the threshold waits for a lead, and an agent cannot approve.

use fiido_protocol::events::EventData;
use fiido_protocol::ws::AgentFrame;
use fiido_testkit::{AgentSocket, TestServer};
use serde_json::{json, Value};

/// The first order of the caller's stores in `status`.
async fn order_in(server: &TestServer, token: &str, status: &str) -> Value {
    let (code, page) = server.get(token, "/api/v1/orders?limit=500").await;
    assert_eq!(code, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["status"] == status && o["total"]["amount_minor"].as_i64() > Some(50_000))
        .unwrap_or_else(|| panic!("a demo order {status} over 500.00"))
        .clone()
}

/// The next `order_upserted` event's order.
async fn next_order_event(socket: &mut AgentSocket) -> fiido_protocol::model::Order {
    loop {
        if let AgentFrame::Event { event, .. } = socket.next().await {
            if let EventData::OrderUpserted { order } = event.data {
                return order;
            }
        }
    }
}

#[tokio::test]
async fn an_address_change_reaches_every_desk_and_an_action_the_status_forbids_is_refused() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let wei = server.login("lead@demo.fiido").await;
    let head = server.head(&wei.token).await;
    let mut lead_desk = server.agent_socket(&wei.token, head).await;
    lead_desk.until_caught_up().await;

    let paid = order_in(&server, &lena.token, "paid").await;
    assert!(
        !paid["timeline"].as_array().unwrap().is_empty(),
        "the demo has timelines"
    );
    let id = paid["id"].as_str().unwrap();
    let action = json!({"kind": "change_address", "address": "  Lena Test\nNeue Straße 5\n10115 Berlin\nDE  "});
    let (status, order) = server
        .post(
            &lena.token,
            &format!("/api/v1/orders/{id}/actions"),
            &action,
        )
        .await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(
        order["shipping_address"],
        "Lena Test\nNeue Straße 5\n10115 Berlin\nDE"
    );
    let pushed = next_order_event(&mut lead_desk).await;
    assert_eq!(pushed.id, id);
    assert_eq!(
        pushed.shipping_address,
        "Lena Test\nNeue Straße 5\n10115 Berlin\nDE"
    );

    // Shipped: the address is fixed; the refusal names the status and changes nothing.
    let shipped = order_in(&server, &lena.token, "shipped").await;
    let sid = shipped["id"].as_str().unwrap();
    let (status, body) = server
        .post(
            &lena.token,
            &format!("/api/v1/orders/{sid}/actions"),
            &action,
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "invalid_transition");
    let (_, after) = server
        .get(&lena.token, &format!("/api/v1/orders/{sid}"))
        .await;
    assert_eq!(after["shipping_address"], shipped["shipping_address"]);

    // Cancelling a paid order adds a timeline step by the agent.
    let (status, cancelled) = server
        .post(
            &lena.token,
            &format!("/api/v1/orders/{id}/actions"),
            &json!({"kind": "cancel", "reason": "Ordered twice"}),
        )
        .await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    let last = cancelled["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["status"].clone(), last["by"].clone()),
        (json!("cancelled"), json!("Lena Vogel"))
    );
    let (status, body) = server
        .post(
            &lena.token,
            &format!("/api/v1/orders/{id}/actions"),
            &json!({"kind": "urge_shipment"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (409, json!("invalid_transition"))
    );
}

#[tokio::test]
async fn a_refund_over_the_threshold_waits_for_a_lead_and_an_agent_cannot_approve() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let wei = server.login("lead@demo.fiido").await;
    let head = server.head(&lena.token).await;
    let mut agent_desk = server.agent_socket(&lena.token, head).await;
    agent_desk.until_caught_up().await;

    let delivered = order_in(&server, &lena.token, "delivered").await;
    let id = delivered["id"].as_str().unwrap();
    let (status, order) = server
        .post(
            &lena.token,
            &format!("/api/v1/orders/{id}/actions"),
            &json!({"kind": "request_refund", "reason": "Frame cracked"}),
        )
        .await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["status"], "delivered", "not refunded yet");
    assert_eq!(order["refund"]["state"], "awaiting_approval");
    assert_eq!(order["refund"]["requested_by"], "Lena Vogel");
    next_order_event(&mut agent_desk).await;

    let decision = format!("/api/v1/orders/{id}/refund-decision");
    let (status, body) = server
        .post(&lena.token, &decision, &json!({"approve": true}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (403, json!("forbidden"))
    );
    let (status, body) = server
        .post(
            &wei.token,
            &decision,
            &json!({"approve": false, "note": ""}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (400, json!("note"))
    );

    let (status, order) = server
        .post(
            &wei.token,
            &decision,
            &json!({"approve": true, "note": "Photos confirm it"}),
        )
        .await;
    assert_eq!(status, 200, "{order}");
    assert_eq!(order["status"], "refunded");
    // The agent's desk hears the result.
    let seen = next_order_event(&mut agent_desk).await;
    let refund = seen.refund.expect("refund");
    assert_eq!(seen.status, fiido_protocol::model::OrderStatus::Refunded);
    assert_eq!(refund.decided_by.as_deref(), Some("Wei Zhang"));
    assert_eq!(refund.decision_note.as_deref(), Some("Photos confirm it"));

    let (status, body) = server
        .post(&wei.token, &decision, &json!({"approve": true}))
        .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (409, json!("invalid_transition"))
    );
}

#[tokio::test]
async fn bad_order_actions_are_refused_with_their_codes_and_a_repeat_acts_once() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let paid = order_in(&server, &lena.token, "paid").await;
    let path = format!("/api/v1/orders/{}/actions", paid["id"].as_str().unwrap());
    for (body, code, error) in [
        (
            json!({"kind": "change_address", "address": "  "}),
            400,
            "validation_failed",
        ),
        (
            json!({"kind": "change_address", "address": "x".repeat(501)}),
            413,
            "too_large",
        ),
        (json!({"kind": "teleport"}), 400, "validation_failed"),
        (json!({"kind": "cancel"}), 400, "validation_failed"),
        (
            json!({"kind": "change_note", "note": "y".repeat(2001)}),
            413,
            "too_large",
        ),
    ] {
        let (status, answer) = server.post(&lena.token, &path, &body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (code, Some(error)),
            "{body}"
        );
    }
    let (status, _) = server
        .post(
            &lena.token,
            "/api/v1/orders/no-such-order/actions",
            &json!({"kind": "urge_shipment"}),
        )
        .await;
    assert_eq!(status, 404);
    // Another store's order is not found either (Lena serves the EU store).
    let admin = server.login("admin@demo.fiido").await;
    let (_, all) = server.get(&admin.token, "/api/v1/orders?limit=500").await;
    let us = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["store_id"] == "store-us")
        .unwrap();
    let (status, _) = server
        .post(
            &lena.token,
            &format!("/api/v1/orders/{}/actions", us["id"].as_str().unwrap()),
            &json!({"kind": "change_note", "note": "hi"}),
        )
        .await;
    assert_eq!(status, 404);

    let head = server.head(&lena.token).await;
    for _ in 0..3 {
        let response = server
            .http
            .post(server.url(&path))
            .bearer_auth(&lena.token)
            .header("idempotency-key", "note-1")
            .json(&json!({"kind": "change_note", "note": "Customer prefers evening delivery"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let (_, page) = server
        .get(&lena.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(
        fiido_testkit::event_kinds(&page),
        vec!["order_upserted"],
        "one change"
    );
}
