//! Routing on the real server (issue 8, acceptance 2): a new conversation
//! goes by the rules (VIP to a senior, the customer's language, the skill
//! the first message asks for, only agents of its store), never beyond an
//! agent's capacity; when nobody is free it queues, and the queue moves
//! oldest first when a place comes free; a lead reassigns; roles and bad
//! input on the routing-profile routes.

use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

/// A visitor of `store` writing `text` in `language`; returns the
/// conversation id and the customer id.
async fn visitor(
    server: &TestServer,
    store: &str,
    name: &str,
    language: &str,
) -> (String, String, String) {
    let response = server
        .http
        .post(server.url("/api/v1/widget/sessions"))
        .json(&json!({"store": store, "name": name, "language": language}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    (
        session["token"].as_str().unwrap().to_owned(),
        session["conversation_id"].as_str().unwrap().to_owned(),
        session["customer"]["id"].as_str().unwrap().to_owned(),
    )
}

async fn assignee(server: &TestServer, token: &str, conversation: &str) -> Option<String> {
    let (status, c) = server
        .get(token, &format!("/api/v1/conversations/{conversation}"))
        .await;
    assert_eq!(status, 200, "{c}");
    c["assignee_id"].as_str().map(str::to_owned)
}

async fn set_routing(server: &TestServer, token: &str, agent: &str, profile: Value) {
    let (status, body) = server
        .send(
            Method::PUT,
            token,
            &format!("/api/v1/agents/{agent}/routing"),
            &profile,
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

/// Open conversations an agent carries, as the server counts them.
async fn open_count(server: &TestServer, token: &str, agent: &str) -> i64 {
    let mut count = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/conversations?limit=500&cursor={c}"),
            None => "/api/v1/conversations?limit=500".to_owned(),
        };
        let (_, page) = server.get(token, &path).await;
        count += page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["assignee_id"] == agent && c["status"] != "closed")
            .count() as i64;
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return count,
        }
    }
}

#[tokio::test]
async fn vip_language_and_skill_decide_within_the_store() {
    let server = TestServer::start_demo();
    let admin = server.login("admin@demo.fiido").await;
    let wei = "agent-wei";
    let lena = "agent-lena";
    // Wei (senior, Chinese, technical) takes chats now too.
    set_routing(
        &server,
        &admin.token,
        wei,
        json!({"languages": ["zh", "en"], "skills": ["technical"], "senior": true, "capacity": 200}),
    )
    .await;
    set_routing(
        &server,
        &admin.token,
        lena,
        json!({"languages": ["de", "en"], "skills": ["after-sales"], "senior": false, "capacity": 200}),
    )
    .await;

    // A German customer asking about a refund: Lena speaks German.
    let (token, conversation, _) = visitor(&server, "fiido-eu", "Jonas", "de").await;
    server
        .visitor_says(&token, "Ich möchte eine Rückgabe")
        .await;
    assert_eq!(
        assignee(&server, &admin.token, &conversation)
            .await
            .as_deref(),
        Some(lena)
    );

    // Chinese: Wei.
    let (token, conversation, _) = visitor(&server, "fiido-eu", "Li", "zh").await;
    server.visitor_says(&token, "你好").await;
    assert_eq!(
        assignee(&server, &admin.token, &conversation)
            .await
            .as_deref(),
        Some(wei)
    );

    // A VIP writing German goes to the senior first.
    let (token, conversation, customer) = visitor(&server, "fiido-eu", "Greta", "de").await;
    let (status, _) = server
        .send(
            Method::PATCH,
            &admin.token,
            &format!("/api/v1/customers/{customer}"),
            &json!({"vip_level": 3}),
        )
        .await;
    assert_eq!(status, 200);
    server.visitor_says(&token, "Hallo").await;
    assert_eq!(
        assignee(&server, &admin.token, &conversation)
            .await
            .as_deref(),
        Some(wei)
    );

    // English about an error code: both speak English; the skill picks Wei.
    let (token, conversation, _) = visitor(&server, "fiido-eu", "Tom", "en").await;
    server.visitor_says(&token, "My display shows E10").await;
    assert_eq!(
        assignee(&server, &admin.token, &conversation)
            .await
            .as_deref(),
        Some(wei)
    );

    // A US customer never goes to Lena, who does not serve that store.
    let (token, conversation, _) = visitor(&server, "fiido-us", "Amy", "de").await;
    server.visitor_says(&token, "Hallo").await;
    assert_ne!(
        assignee(&server, &admin.token, &conversation)
            .await
            .as_deref(),
        Some(lena)
    );
}

#[tokio::test]
async fn nobody_beyond_capacity_the_queue_waits_and_moves_oldest_first() {
    let server = TestServer::start_demo();
    let admin = server.login("admin@demo.fiido").await;
    let lena = "agent-lena";
    let open = open_count(&server, &admin.token, lena).await;
    // Room for two more.
    set_routing(
        &server,
        &admin.token,
        lena,
        json!({"languages": ["en"], "skills": [], "senior": false, "capacity": open + 2}),
    )
    .await;
    let mut conversations = Vec::new();
    for i in 0..5 {
        let (token, conversation, _) = visitor(&server, "fiido-eu", &format!("V{i}"), "en").await;
        server.visitor_says(&token, "Hello").await;
        conversations.push(conversation);
    }
    let mut assigned = Vec::new();
    for c in &conversations {
        assigned.push(assignee(&server, &admin.token, c).await);
    }
    assert_eq!(
        assigned,
        vec![
            Some(lena.to_owned()),
            Some(lena.to_owned()),
            None,
            None,
            None
        ],
        "two places, then the queue"
    );
    assert_eq!(open_count(&server, &admin.token, lena).await, open + 2);

    // Lena closes one: the oldest queued conversation (V2) is hers now.
    let (status, _) = server
        .send(
            Method::PATCH,
            &admin.token,
            &format!("/api/v1/conversations/{}", conversations[0]),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        assignee(&server, &admin.token, &conversations[2])
            .await
            .as_deref(),
        Some(lena)
    );
    assert_eq!(
        assignee(&server, &admin.token, &conversations[3]).await,
        None
    );

    // More capacity moves the rest, in order.
    set_routing(
        &server,
        &admin.token,
        lena,
        json!({"languages": ["en"], "skills": [], "senior": false, "capacity": open + 3}),
    )
    .await;
    assert_eq!(
        assignee(&server, &admin.token, &conversations[3])
            .await
            .as_deref(),
        Some(lena)
    );
    assert_eq!(
        assignee(&server, &admin.token, &conversations[4]).await,
        None
    );
    assert_eq!(open_count(&server, &admin.token, lena).await, open + 3);

    // Away: nothing more comes; back: the queue moves to her.
    let lena_login = server.login("agent@demo.fiido").await;
    let (_, mut settings) = server.get(&lena_login.token, "/api/v1/me/settings").await;
    settings["status"] = json!("away");
    server
        .send(
            Method::PUT,
            &lena_login.token,
            "/api/v1/me/settings",
            &settings,
        )
        .await;
    let (status, _) = server
        .send(
            Method::PATCH,
            &admin.token,
            &format!("/api/v1/conversations/{}", conversations[1]),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        assignee(&server, &admin.token, &conversations[4]).await,
        None,
        "away"
    );
    settings["status"] = json!("available");
    server
        .send(
            Method::PUT,
            &lena_login.token,
            "/api/v1/me/settings",
            &settings,
        )
        .await;
    assert_eq!(
        assignee(&server, &admin.token, &conversations[4])
            .await
            .as_deref(),
        Some(lena)
    );
}

#[tokio::test]
async fn routing_profiles_are_for_leads_and_admins_and_checked() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let profile =
        json!({"languages": ["de"], "skills": ["technical"], "senior": false, "capacity": 3});

    let (status, mine) = server
        .get(&lena.token, "/api/v1/agents/agent-lena/routing")
        .await;
    assert_eq!(
        (status, mine["capacity"].as_i64()),
        (200, Some(150)),
        "her own, from the demo"
    );
    let (status, _) = server
        .get(&lena.token, "/api/v1/agents/agent-wei/routing")
        .await;
    assert_eq!(status, 403);
    let (status, error) = server
        .send(
            Method::PUT,
            &lena.token,
            "/api/v1/agents/agent-lena/routing",
            &profile,
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let (status, _) = server
        .send(
            Method::PUT,
            &lead.token,
            "/api/v1/agents/agent-lena/routing",
            &profile,
        )
        .await;
    assert_eq!(status, 200);
    for (bad, field) in [
        (
            json!({"languages": [], "skills": [], "senior": false, "capacity": -1}),
            "capacity",
        ),
        (
            json!({"languages": [], "skills": [], "senior": false, "capacity": 201}),
            "capacity",
        ),
        (
            json!({"languages": ["Deutsch!"], "skills": [], "senior": false, "capacity": 1}),
            "language",
        ),
        (
            json!({"languages": [], "skills": [""], "senior": false, "capacity": 1}),
            "skills",
        ),
    ] {
        let (status, error) = server
            .send(
                Method::PUT,
                &lead.token,
                "/api/v1/agents/agent-lena/routing",
                &bad,
            )
            .await;
        assert_eq!(
            (status, error["error"]["field"].as_str()),
            (400, Some(field)),
            "{bad}: {error}"
        );
    }
    let (status, _) = server
        .send(
            Method::PUT,
            &lead.token,
            "/api/v1/agents/nobody/routing",
            &profile,
        )
        .await;
    assert_eq!(status, 404);
}
