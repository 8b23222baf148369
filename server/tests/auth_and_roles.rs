//! Sign-in for each role, sign-out, rate limiting and role checks (PLAT-3, PLAT-4).

use fiido_testkit::TestServer;
use serde_json::json;

#[tokio::test]
async fn each_role_signs_in_and_is_told_its_role() {
    let server = TestServer::start_demo();
    for (email, role) in [
        ("agent@demo.fiido", "agent"),
        ("agent2@demo.fiido", "agent"),
        ("lead@demo.fiido", "lead"),
        ("admin@demo.fiido", "admin"),
    ] {
        let session = server.login(email).await;
        assert_eq!(session.agent.email, email);
        assert_eq!(session.agent.role.as_str(), role);
        let (status, me) = server.get(&session.token, "/api/v1/me").await;
        assert_eq!(status, 200);
        assert_eq!(me["email"], email);
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_invalid_credentials() {
    let server = TestServer::start_demo();
    for email in ["agent@demo.fiido", "nobody@demo.fiido"] {
        let response = server
            .http
            .post(server.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": "wrong"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_credentials");
    }
}

#[tokio::test]
async fn logout_ends_the_session() {
    let server = TestServer::start_demo();
    let session = server.login("agent@demo.fiido").await;
    let (status, _) = server
        .post(&session.token, "/api/v1/auth/logout", &json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, body) = server.get(&session.token, "/api/v1/me").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn repeated_failed_logins_for_one_account_are_rate_limited() {
    let server = TestServer::start_demo();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        let response = server
            .http
            .post(server.url("/api/v1/auth/login"))
            .json(&json!({"email": "agent@demo.fiido", "password": "guess"}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        if status == 429 {
            assert!(
                response.headers().get("retry-after").is_some(),
                "429 carries Retry-After"
            );
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "rate_limited");
        }
        statuses.push(status);
    }
    assert_eq!(
        &statuses[..10],
        &[401; 10],
        "the first ten attempts are judged"
    );
    assert_eq!(
        &statuses[10..],
        &[429, 429],
        "then the account is throttled"
    );
    // Another account from the same address is still judged on its own.
    let other = server.login("agent2@demo.fiido").await;
    assert_eq!(other.agent.email, "agent2@demo.fiido");
}

#[tokio::test]
async fn the_team_list_is_for_leads_and_admins_only() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (status, body) = server.get(&agent.token, "/api/v1/agents").await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");

    let lead = server.login("lead@demo.fiido").await;
    let (status, body) = server.get(&lead.token, "/api/v1/agents").await;
    assert_eq!(status, 200);
    assert!(body.as_array().unwrap().len() >= 3);
}

#[tokio::test]
async fn pruning_the_log_is_for_admins_only() {
    let server = TestServer::start_demo();
    for email in ["agent@demo.fiido", "lead@demo.fiido"] {
        let session = server.login(email).await;
        let (status, body) = server
            .post(
                &session.token,
                "/api/v1/admin/events/prune",
                &json!({"keep_last": 0}),
            )
            .await;
        assert_eq!(status, 403, "{email}");
        assert_eq!(body["error"]["code"], "forbidden");
    }
    let admin = server.login("admin@demo.fiido").await;
    let (status, _) = server
        .post(
            &admin.token,
            "/api/v1/admin/events/prune",
            &json!({"keep_last": 0}),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn agents_see_only_their_stores() {
    let server = TestServer::start_demo();
    let eu = server.login("agent@demo.fiido").await;
    let us = server.login("agent2@demo.fiido").await;
    let (_, stores) = server.get(&eu.token, "/api/v1/stores").await;
    let keys: Vec<&str> = stores
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["fiido-eu"]);
    let (_, page) = server
        .get(&us.token, "/api/v1/conversations?limit=500")
        .await;
    for c in page["items"].as_array().unwrap() {
        assert_eq!(c["store_id"], "store-us");
    }
}

#[tokio::test]
async fn leads_set_a_customers_vip_level_and_agents_may_not() {
    let server = TestServer::start_demo();
    let (visitor, _) = server.visitor("fiido-eu", "Vera").await;
    let (_, session) = server.get(&visitor, "/api/v1/widget/session").await;
    let customer = session["customer"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/customers/{customer}");
    let agent = server.login("agent@demo.fiido").await;
    let response = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&agent.token)
        .json(&json!({"vip_level": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let lead = server.login("lead@demo.fiido").await;
    let response = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&lead.token)
        .json(&json!({"vip_level": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = server
        .http
        .patch(server.url(&path))
        .bearer_auth(&lead.token)
        .json(&json!({"vip_level": 2, "tags": ["VIP"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, customer) = server.get(&agent.token, &path).await;
    assert_eq!(
        (customer["vip_level"].as_i64(), customer["tags"][0].as_str()),
        (Some(2), Some("VIP"))
    );
}
