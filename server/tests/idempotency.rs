//! `Idempotency-Key`: repeats act once, also when they arrive concurrently.

use fiido_testkit::TestServer;
use serde_json::{json, Value};

async fn send_with_key(
    server: &TestServer,
    token: &str,
    conversation: &str,
    key: &str,
    body: &Value,
) -> (u16, Value) {
    let response = server
        .http
        .post(server.url(&format!("/api/v1/conversations/{conversation}/messages")))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn fifty_concurrent_repeats_create_one_message_and_one_event() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Felix").await;
    server.visitor_says(&visitor, "Is the T1 in stock?").await;
    let before = server.head(&agent.token).await;

    let key = uuid::Uuid::now_v7().to_string();
    let body = json!({"body": "Yes, the T1 ships from our EU warehouse.", "client_id": key});
    let sends = (0..50).map(|_| send_with_key(&server, &agent.token, &conversation, &key, &body));
    let results = futures_util::future::join_all(sends).await;

    let ids: std::collections::HashSet<String> = results
        .iter()
        .map(|(status, message)| {
            assert_eq!(
                *status, 201,
                "every repeat gets the first response: {message}"
            );
            message["id"].as_str().expect("message id").to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one message id across all 50 answers");

    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    let answers = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["author"] == "agent")
        .count();
    assert_eq!(answers, 1, "exactly one message stored");

    let (_, events) = server
        .get(
            &agent.token,
            &format!("/api/v1/events?after={before}&limit=500"),
        )
        .await;
    let message_events = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["kind"] == "message_upserted")
        .count();
    assert_eq!(message_events, 1, "exactly one message event");
}

#[tokio::test]
async fn the_same_key_with_another_body_is_422() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Sophie").await;
    server.visitor_says(&visitor, "Hi").await;
    let key = "retry-key-1";
    let (status, _) = send_with_key(
        &server,
        &agent.token,
        &conversation,
        key,
        &json!({"body": "Hello!"}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, body) = send_with_key(
        &server,
        &agent.token,
        &conversation,
        key,
        &json!({"body": "Something else"}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn a_repeated_client_id_without_a_key_returns_the_first_message() {
    let server = TestServer::start_demo();
    let (visitor, _) = server.visitor("fiido-eu", "Tobias").await;
    let client_id = uuid::Uuid::now_v7().to_string();
    let body = json!({"body": "Bremsen quietschen", "client_id": client_id});
    let (s1, first) = server
        .post(&visitor, "/api/v1/widget/messages", &body)
        .await;
    let (s2, second) = server
        .post(&visitor, "/api/v1/widget/messages", &body)
        .await;
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(first["id"], second["id"]);
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert_eq!(history["messages"].as_array().unwrap().len(), 1);
}
