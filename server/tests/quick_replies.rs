//! Writing quick replies and articles (issue 7, acceptance 4): roles are
//! checked on every request, answered with a stable code; personal replies
//! reach only their owner; an Idempotency-Key makes a repeat harmless.

use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

fn reply(scope: &str, store: Option<&str>, title: &str) -> Value {
    json!({
        "scope": scope,
        "store_id": store,
        "category": "logistics",
        "title": title,
        "variants": [
            {"language": "en", "body": "Hi {customer_name}, your parcel is on its way."},
            {"language": "de", "body": "Hallo {customer_name}, Ihr Paket ist unterwegs."}
        ]
    })
}

#[tokio::test]
async fn agents_may_not_write_team_replies_or_publish_articles_and_leads_may() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let store = lead.agent.store_ids[0].clone();

    let (status, error) = server
        .post(
            &agent.token,
            "/api/v1/quick-replies",
            &reply("team", Some(&store), "Parcel on its way"),
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden")),
        "{error}"
    );
    let (status, created) = server
        .post(
            &lead.token,
            "/api/v1/quick-replies",
            &reply("team", Some(&store), "Parcel on its way"),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["variants"][1]["language"], "de");

    let path = format!("/api/v1/quick-replies/{id}");
    let (status, error) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"title": "Mine now"}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let (status, edited) = server
        .send(
            Method::PATCH,
            &lead.token,
            &path,
            &json!({"title": "Your parcel ships"}),
        )
        .await;
    assert_eq!(
        (status, edited["title"].as_str()),
        (200, Some("Your parcel ships"))
    );

    let article = json!({
        "category_path": ["after-sales", "battery"],
        "title": "Battery care in winter",
        "body": "| Temperature | Range |\n|---|---|\n| 0 °C | -30 % |",
        "language": "en",
        "visibility": "public"
    });
    let (status, error) = server
        .post(&agent.token, "/api/v1/articles", &article)
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let (status, created) = server.post(&lead.token, "/api/v1/articles", &article).await;
    assert_eq!(status, 201, "{created}");
    let article_path = format!("/api/v1/articles/{}", created["id"].as_str().unwrap());
    let (status, _) = server
        .send(
            Method::PATCH,
            &agent.token,
            &article_path,
            &json!({"visibility": "internal"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, published) = server
        .send(
            Method::PATCH,
            &lead.token,
            &article_path,
            &json!({"visibility": "internal"}),
        )
        .await;
    assert_eq!(
        (status, published["visibility"].as_str()),
        (200, Some("internal"))
    );
}

#[tokio::test]
async fn a_personal_reply_is_its_owners_alone_and_a_repeat_creates_nothing() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let other = server.login("agent2@demo.fiido").await;
    let admin = server.login("admin@demo.fiido").await;
    let head = server.head(&admin.token).await;

    let request = server
        .http
        .post(server.url("/api/v1/quick-replies"))
        .bearer_auth(&agent.token)
        .header("Idempotency-Key", "create-once-1")
        .json(&reply("personal", None, "My sign-off"));
    let first: Value = request
        .try_clone()
        .unwrap()
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again = request.send().await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(first["owner_id"].as_str(), Some(agent.agent.id.as_str()));

    let (_, mine) = server
        .get(&agent.token, "/api/v1/quick-replies?limit=500")
        .await;
    let titles = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        titles(&mine).iter().filter(|t| *t == "My sign-off").count(),
        1
    );
    let (_, theirs) = server
        .get(&other.token, "/api/v1/quick-replies?limit=500")
        .await;
    assert!(!titles(&theirs).contains(&"My sign-off".to_owned()));

    let path = format!("/api/v1/quick-replies/{}", first["id"].as_str().unwrap());
    let (status, _) = server
        .send(
            Method::PATCH,
            &other.token,
            &path,
            &json!({"title": "Stolen"}),
        )
        .await;
    assert_eq!(
        status, 404,
        "another agent's personal reply is not theirs to know of"
    );

    // Even the admin, who sees every store, does not get the private event.
    let (_, events) = server
        .get(&admin.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert!(events["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["data"]["kind"] != "quick_reply_upserted"));
    let (_, events) = server
        .get(&agent.token, &format!("/api/v1/events?after={head}"))
        .await;
    let created: Vec<&Value> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["kind"] == "quick_reply_upserted")
        .collect();
    assert_eq!(created.len(), 1, "one create, however often it was sent");

    let (status, error) = server
        .post(
            &agent.token,
            "/api/v1/quick-replies",
            &json!({"scope": "personal", "category": "x", "title": "Bad", "variants": []}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (400, Some("variants"))
    );
}

#[tokio::test]
async fn every_save_of_an_article_is_kept_and_an_old_one_comes_back() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    let agent = server.login("agent@demo.fiido").await;
    let (status, article) = server
        .post(
            &lead.token,
            "/api/v1/articles",
            &json!({
                "category_path": ["logistics"],
                "title": "Pallet deliveries",
                "body": "First version.",
                "language": "en",
                "visibility": "draft"
            }),
        )
        .await;
    assert_eq!(status, 201);
    let path = format!("/api/v1/articles/{}", article["id"].as_str().unwrap());
    for body in ["Second version.", "Third version."] {
        let (status, _) = server
            .send(
                Method::PATCH,
                &lead.token,
                &path,
                &json!({"body": body, "visibility": "public"}),
            )
            .await;
        assert_eq!(status, 200);
    }
    let (status, history) = server.get(&lead.token, &format!("{path}/revisions")).await;
    assert_eq!(status, 200);
    let bodies: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        vec!["Third version.", "Second version.", "First version."]
    );
    let (status, _) = server.get(&agent.token, &format!("{path}/revisions")).await;
    assert_eq!(status, 403);

    let (status, restored) = server
        .post(
            &lead.token,
            &format!("{path}/revisions/1/restore"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 200, "{restored}");
    assert_eq!(
        (restored["body"].as_str(), restored["visibility"].as_str()),
        (Some("First version."), Some("draft"))
    );
    let (_, history) = server.get(&lead.token, &format!("{path}/revisions")).await;
    assert_eq!(
        history.as_array().unwrap().len(),
        4,
        "the restore is a new revision"
    );
    let (status, _) = server
        .post(
            &lead.token,
            &format!("{path}/revisions/99/restore"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);
}
