//! `/api/v1/openapi.json` lists every route the server serves.

use fiido_testkit::TestServer;
use serde_json::Value;

/// Every route of the API. Adding a route means adding it here; the test then
/// fails until the route is also in the generated document.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/widget.js"),
    ("get", "/demo/shop"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/me/settings"),
    ("put", "/api/v1/me/settings"),
    ("get", "/api/v1/stores"),
    ("patch", "/api/v1/stores/{id}"),
    ("get", "/api/v1/agents"),
    ("get", "/api/v1/customers"),
    ("get", "/api/v1/customers/{id}"),
    ("patch", "/api/v1/customers/{id}"),
    ("get", "/api/v1/conversations"),
    ("get", "/api/v1/conversations/{id}"),
    ("get", "/api/v1/conversations/{id}/messages"),
    ("post", "/api/v1/conversations/{id}/messages"),
    ("post", "/api/v1/conversations/{id}/attachments"),
    ("get", "/api/v1/attachments/{id}"),
    ("post", "/api/v1/widget/attachments"),
    ("get", "/api/v1/widget/attachments/{id}"),
    ("get", "/api/v1/orders"),
    ("post", "/api/v1/orders"),
    ("get", "/api/v1/orders/{id}"),
    ("post", "/api/v1/orders/{id}/actions"),
    ("post", "/api/v1/orders/{id}/refund-decision"),
    ("get", "/api/v1/orders/{id}/tracking"),
    ("get", "/api/v1/stats/team"),
    ("get", "/api/v1/stats/me"),
    ("get", "/api/v1/reports"),
    ("get", "/api/v1/tickets"),
    ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets/{id}"),
    ("patch", "/api/v1/tickets/{id}"),
    ("get", "/api/v1/products"),
    ("get", "/api/v1/quick-replies"),
    ("post", "/api/v1/quick-replies"),
    ("patch", "/api/v1/quick-replies/{id}"),
    ("delete", "/api/v1/quick-replies/{id}"),
    ("put", "/api/v1/quick-replies/order"),
    ("post", "/api/v1/quick-replies/{id}/uses"),
    ("post", "/api/v1/articles/{id}/uses"),
    ("post", "/api/v1/media"),
    ("post", "/api/v1/conversations/{id}/typing"),
    (
        "post",
        "/api/v1/conversations/{id}/messages/{message_id}/recall",
    ),
    ("get", "/api/v1/stores/{id}/auto-replies"),
    ("put", "/api/v1/stores/{id}/auto-replies"),
    ("get", "/api/v1/agents/{id}/routing"),
    ("put", "/api/v1/agents/{id}/routing"),
    ("patch", "/api/v1/conversations/{id}"),
    ("post", "/api/v1/conversations/{id}/notes"),
    ("post", "/api/v1/conversations/{id}/assignment"),
    ("get", "/api/v1/media/{id}"),
    ("get", "/api/v1/articles"),
    ("post", "/api/v1/articles"),
    ("patch", "/api/v1/articles/{id}"),
    ("get", "/api/v1/articles/{id}/revisions"),
    ("post", "/api/v1/articles/{id}/revisions/{revision}/restore"),
    ("get", "/api/v1/sync/snapshot"),
    ("get", "/api/v1/events"),
    ("get", "/api/v1/ws"),
    ("post", "/api/v1/admin/events/prune"),
    ("post", "/api/v1/widget/sessions"),
    ("get", "/api/v1/widget/session"),
    ("get", "/api/v1/widget/messages"),
    ("post", "/api/v1/widget/messages"),
    ("post", "/api/v1/widget/read"),
    ("post", "/api/v1/widget/satisfaction"),
    ("post", "/api/v1/channels/webhook"),
    ("get", "/api/v1/customers/{id}/export"),
    ("post", "/api/v1/customers/{id}/erase"),
    ("get", "/api/v1/audit"),
    ("post", "/api/v1/widget/behaviour"),
    ("get", "/api/v1/widget/ws"),
];

/// The served OpenAPI document.
async fn openapi(server: &TestServer) -> Value {
    let response = server
        .http
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document_and_the_document_has_nothing_else() {
    let server = TestServer::start(&[]);
    let doc = openapi(&server).await;
    let paths = doc["paths"].as_object().expect("paths");
    for (method, path) in ROUTES {
        let operation = &paths
            .get(*path)
            .unwrap_or_else(|| panic!("{path} is missing from openapi.json"))[*method];
        assert!(
            operation.is_object(),
            "{method} {path} is missing from openapi.json"
        );
        assert!(
            operation["responses"]
                .as_object()
                .is_some_and(|r| !r.is_empty()),
            "{method} {path} documents its responses"
        );
    }
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        documented,
        ROUTES.len(),
        "openapi.json documents exactly the routes listed here"
    );
}

#[tokio::test]
async fn every_listed_route_is_served() {
    let server = TestServer::start(&[]);
    for (method, path) in ROUTES {
        let url = server.url(&path.replace("{id}", "x"));
        let response = match *method {
            "get" => server.http.get(url),
            "patch" => server.http.patch(url),
            _ => server.http.post(url),
        }
        .send()
        .await
        .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let unrouted = body["error"]["message"] == "there is no such route";
        assert!(!unrouted, "{method} {path} is not routed");
        assert!(status < 500, "{method} {path} answered {status}");
    }
}

#[tokio::test]
async fn error_responses_are_documented_with_the_error_body() {
    let server = TestServer::start(&[]);
    let doc = openapi(&server).await;
    let send = &doc["paths"]["/api/v1/conversations/{id}/messages"]["post"]["responses"];
    for status in ["400", "401", "404", "413", "422"] {
        let schema = &send[status]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(
            schema, "#/components/schemas/ErrorBody",
            "{status} of send_message"
        );
    }
}
