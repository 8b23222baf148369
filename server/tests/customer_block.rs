//! Customer tags and blocking (issue 8, CUST-4): an agent tags a customer
//! and blocks them; the widget then refuses their messages politely (403
//! with a message for them) until they are unblocked; the VIP level stays
//! the leads' and admins'.

use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_blocked_customer_is_refused_politely_until_unblocked() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, _) = server.visitor("fiido-eu", "Troll").await;
    server.visitor_says(&visitor, "Hello").await;
    let (_, session) = server.get(&visitor, "/api/v1/widget/session").await;
    let path = format!(
        "/api/v1/customers/{}",
        session["customer"]["id"].as_str().unwrap()
    );

    let (status, customer) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"tags": ["risk"], "blocked": true}),
        )
        .await;
    assert_eq!(status, 200, "{customer}");
    assert_eq!(
        (customer["tags"].clone(), customer["blocked"].as_bool()),
        (json!(["risk"]), Some(true))
    );

    let (status, error) = server
        .post(
            &visitor,
            "/api/v1/widget/messages",
            &json!({"body": "Spam"}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Sorry"));

    let (status, _) = server
        .send(Method::PATCH, &agent.token, &path, &json!({"vip_level": 3}))
        .await;
    assert_eq!(status, 403, "the VIP level is the leads'");
    let (status, _) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"blocked": "yes"}),
        )
        .await;
    assert_eq!(status, 400);

    let (status, _) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"blocked": false}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .post(
            &visitor,
            "/api/v1/widget/messages",
            &json!({"body": "Sorry about that"}),
        )
        .await;
    assert_eq!(status, 201);
}
