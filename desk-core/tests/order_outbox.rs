//! Order actions through the outbox (issue 10, COM-2): made while the desk
//! is cut off they show in the cache at once, by the same state machine as
//! the server's, and reach the server once each; an action the server
//! refuses (a lead cancelled the order meanwhile) puts the server's copy
//! back and tells the agent why.

mod common;

use common::{desk, until};
use fiido_desk_core::sync::{spawn, ApiClient};
use fiido_desk_core::views::LinkStatus;
use fiido_protocol::model::{OrderStatus, RefundState};
use fiido_protocol::orders::OrderAction;
use fiido_testkit::{event_kinds, TestServer};
use serde_json::{json, Value};

/// Ids of the caller's first orders in `status`, over 500.00.
async fn orders_in(server: &TestServer, token: &str, status: &str, n: usize) -> Vec<String> {
    let (_, page) = server.get(token, "/api/v1/orders?limit=500").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == status && o["total"]["amount_minor"].as_i64() > Some(50_000))
        .take(n)
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn order_actions_made_offline_arrive_once_and_a_refused_one_is_put_back() {
    let server = TestServer::start_demo();
    let (store, engine, login) = desk(&server, "agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let paid = orders_in(&server, &login.token, "paid", 2).await;
    let (moving, cancelled_meanwhile) = (&paid[0], &paid[1]);
    let shipped = &orders_in(&server, &login.token, "shipped", 1).await[0];

    // The desk is cut off; meanwhile a lead cancels one of the orders.
    drop(engine);
    let (status, _) = server
        .post(
            &lead.token,
            &format!("/api/v1/orders/{cancelled_meanwhile}/actions"),
            &json!({"kind": "cancel", "reason": "Customer called the shop"}),
        )
        .await;
    assert_eq!(status, 200);
    let head = server.head(&lead.token).await;

    let new_address = OrderAction::ChangeAddress {
        address: "Mia Koch\nTorstraße 9\n10119 Berlin\nDE".into(),
    };
    let moved = store
        .enqueue_order_action(moving, &new_address, &login.agent)
        .unwrap();
    assert_eq!(
        moved.shipping_address,
        "Mia Koch\nTorstraße 9\n10119 Berlin\nDE"
    );
    let refunding = store
        .enqueue_order_action(
            shipped,
            &OrderAction::RequestRefund {
                reason: "Arrived with a bent fork".into(),
            },
            &login.agent,
        )
        .unwrap();
    assert_eq!(
        refunding.refund.as_ref().map(|r| r.state),
        Some(RefundState::AwaitingApproval),
        "shown at once, waiting for a lead"
    );
    // The stale copy still says paid, so the desk lets the agent try.
    store
        .enqueue_order_action(cancelled_meanwhile, &new_address, &login.agent)
        .unwrap();
    // Something the state machine forbids is refused here already.
    let refused = store
        .enqueue_order_action(shipped, &new_address, &login.agent)
        .unwrap_err();
    assert_eq!(refused.code, fiido_protocol::ErrorCode::InvalidTransition);

    // Back online.
    let engine = spawn(
        store.clone(),
        ApiClient::new(&server.base, login.token.clone()),
    );
    let mut changes = engine.changes.subscribe();
    let problems = tokio::time::timeout(fiido_testkit::WAIT, async {
        loop {
            let notice = changes.recv().await.expect("change notices");
            if !notice.problems.is_empty() {
                return notice.problems;
            }
        }
    })
    .await
    .expect("the refusal told in time");
    assert!(problems[0].contains("cancelled"), "{problems:?}");
    until(&engine, "the outbox drained", || {
        let link = engine.link.borrow();
        link.status == LinkStatus::Online && link.queued == 0
    })
    .await;
    until(
        &engine,
        "the server's copy of the cancelled order back",
        || {
            store.order(cancelled_meanwhile).unwrap().is_some_and(|o| {
                o.status == OrderStatus::Cancelled && !o.shipping_address.contains("Torstraße")
            })
        },
    )
    .await;

    let (_, o): (u16, Value) = server
        .get(&lead.token, &format!("/api/v1/orders/{moving}"))
        .await;
    assert_eq!(
        o["shipping_address"],
        "Mia Koch\nTorstraße 9\n10119 Berlin\nDE"
    );
    let (_, o) = server
        .get(&lead.token, &format!("/api/v1/orders/{shipped}"))
        .await;
    assert_eq!(o["refund"]["state"], "awaiting_approval");
    let (_, page) = server
        .get(&lead.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(
        event_kinds(&page),
        vec!["order_upserted", "order_upserted"],
        "each delivered action once, the refused one not at all"
    );
}
