//! Bad input answers its documented status and `error.code`, never a 5xx.

use fiido_testkit::TestServer;
use serde_json::{json, Value};

async fn raw_post(
    server: &TestServer,
    token: Option<&str>,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let mut request = server
        .http
        .post(server.url(path))
        .header("content-type", content_type)
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn setup() -> (TestServer, String, String) {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Birgit").await;
    server.visitor_says(&visitor, "Hallo").await;
    (
        server,
        agent.token,
        format!("/api/v1/conversations/{conversation}/messages"),
    )
}

fn assert_error(status: u16, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "a human message: {body}"
    );
}

#[tokio::test]
async fn an_oversized_body_is_413_too_large() {
    let (server, token, path) = setup().await;
    let huge = format!("{{\"body\":\"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let (status, body) = raw_post(
        &server,
        Some(&token),
        &path,
        "application/json",
        huge.into_bytes(),
    )
    .await;
    assert_error(status, &body, 413, "too_large");
}

#[tokio::test]
async fn a_message_over_ten_thousand_characters_is_413_too_large() {
    let (server, token, path) = setup().await;
    let (status, body) = server
        .post(&token, &path, &json!({"body": "ä".repeat(10_001)}))
        .await;
    assert_error(status, &body, 413, "too_large");
    assert_eq!(body["error"]["field"], "body");
}

#[tokio::test]
async fn empty_text_is_400_validation_failed() {
    let (server, token, path) = setup().await;
    for text in ["", "   ", "\n\t"] {
        let (status, body) = server.post(&token, &path, &json!({"body": text})).await;
        assert_error(status, &body, 400, "validation_failed");
        assert_eq!(body["error"]["field"], "body");
    }
}

#[tokio::test]
async fn an_unknown_enum_value_is_400_validation_failed() {
    let (server, token, _) = setup().await;
    let (status, body) = server
        .get(&token, "/api/v1/conversations?status=sleeping")
        .await;
    assert_error(status, &body, 400, "validation_failed");
    let (status, body) = server
        .get(&token, "/api/v1/conversations?limit=100000")
        .await;
    assert_error(status, &body, 400, "validation_failed");
}

#[tokio::test]
async fn invalid_utf8_is_400_malformed_request() {
    let (server, token, path) = setup().await;
    let mut bytes = b"{\"body\":\"caf".to_vec();
    bytes.extend_from_slice(&[0xC3, 0x28]);
    bytes.extend_from_slice(b"\"}");
    let (status, body) = raw_post(&server, Some(&token), &path, "application/json", bytes).await;
    assert_error(status, &body, 400, "malformed_request");
}

#[tokio::test]
async fn malformed_json_is_400_malformed_request() {
    let (server, token, path) = setup().await;
    let (status, body) = raw_post(
        &server,
        Some(&token),
        &path,
        "application/json",
        b"{\"body\": ".to_vec(),
    )
    .await;
    assert_error(status, &body, 400, "malformed_request");
    let (status, body) = raw_post(
        &server,
        Some(&token),
        &path,
        "application/json",
        b"{\"text\": 1}".to_vec(),
    )
    .await;
    assert_error(status, &body, 400, "validation_failed");
    let (status, body) = raw_post(
        &server,
        Some(&token),
        &path,
        "text/plain",
        b"hello".to_vec(),
    )
    .await;
    assert_error(status, &body, 415, "unsupported_media_type");
}

#[tokio::test]
async fn a_missing_token_is_401_unauthenticated() {
    let (server, _, path) = setup().await;
    let (status, body) = raw_post(
        &server,
        None,
        &path,
        "application/json",
        br#"{"body":"hi"}"#.to_vec(),
    )
    .await;
    assert_error(status, &body, 401, "unauthenticated");
    let response = server
        .http
        .get(server.url("/api/v1/conversations"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn an_invalid_token_is_401_unauthenticated() {
    let (server, _, path) = setup().await;
    let (status, body) = raw_post(
        &server,
        Some("not-a-token"),
        &path,
        "application/json",
        br#"{"body":"hi"}"#.to_vec(),
    )
    .await;
    assert_error(status, &body, 401, "unauthenticated");
    // A visitor's token is not an agent's token.
    let (visitor, _) = server.visitor("fiido-eu", "Mallory").await;
    let (status, body) = server.get(&visitor, "/api/v1/conversations").await;
    assert_error(status, &body, 401, "unauthenticated");
}

#[tokio::test]
async fn a_lead_only_route_called_as_agent_is_403_forbidden() {
    let (server, token, _) = setup().await;
    let (status, body) = server.get(&token, "/api/v1/agents").await;
    assert_error(status, &body, 403, "forbidden");
}

#[tokio::test]
async fn an_agent_reading_another_stores_conversation_is_404_not_found() {
    let server = TestServer::start_demo();
    let us_agent = server.login("agent2@demo.fiido").await;
    let (visitor, eu_conversation) = server.visitor("fiido-eu", "Jürgen").await;
    server.visitor_says(&visitor, "Privat").await;
    let (status, body) = server
        .get(
            &us_agent.token,
            &format!("/api/v1/conversations/{eu_conversation}"),
        )
        .await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = server
        .get(
            &us_agent.token,
            &format!("/api/v1/conversations/{eu_conversation}/messages"),
        )
        .await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = server
        .post(
            &us_agent.token,
            &format!("/api/v1/conversations/{eu_conversation}/messages"),
            &json!({"body": "hi"}),
        )
        .await;
    assert_error(status, &body, 404, "not_found");
}

#[tokio::test]
async fn widget_input_is_validated_too() {
    let server = TestServer::start_demo();
    let (status, body) = server
        .post(
            "",
            "/api/v1/widget/sessions",
            &json!({"store": "fiido-eu", "name": " "}),
        )
        .await;
    assert_error(status, &body, 400, "validation_failed");
    let (status, body) = server
        .post(
            "",
            "/api/v1/widget/sessions",
            &json!({"store": "no-such-store", "name": "Ann"}),
        )
        .await;
    assert_error(status, &body, 404, "not_found");
    let (status, body) = server
        .post(
            "",
            "/api/v1/widget/sessions",
            &json!({"store": "fiido-eu", "name": "Ann", "email": "nope"}),
        )
        .await;
    assert_error(status, &body, 400, "validation_failed");
    let (status, body) = server.get("bogus", "/api/v1/widget/messages").await;
    assert_error(status, &body, 401, "unauthenticated");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let server = TestServer::start_demo();
    let response = server
        .http
        .get(server.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    let response = server
        .http
        .delete(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}
