//! Keeping quick replies and seeing what is used (issue 7) in the real app:
//! in the settings an agent moves a personal reply up with Alt+↑ and deletes
//! another (a second click confirms); the server gets the new order and the
//! deletion. In the knowledge base "Most used" lists articles by how often
//! they were inserted, and inserting one counts: the article then says so.

use fantoccini::key::Key;
use fiido_e2e::{testid, Desk};
use fiido_testkit::TestServer;
use serde_json::{json, Value};

async fn personal_reply(server: &TestServer, token: &str, title: &str) -> String {
    let (status, reply) = server
        .post(
            token,
            "/api/v1/quick-replies",
            &json!({
                "scope": "personal",
                "category": "after-sales",
                "title": title,
                "variants": [{"language": "en", "body": format!("{title}, {{customer_name}}.")}]
            }),
        )
        .await;
    assert_eq!(status, 201, "{reply}");
    reply["id"].as_str().unwrap().to_owned()
}

fn row(id: &str) -> String {
    format!("[data-reply-id=\"{id}\"]")
}

#[tokio::test]
async fn an_agent_reorders_and_deletes_personal_replies_and_sees_how_often_articles_are_inserted() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let first = personal_reply(&server, &agent.token, "Warranty first").await;
    let second = personal_reply(&server, &agent.token, "Warranty second").await;
    let doomed = personal_reply(&server, &agent.token, "Warranty doomed").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "How do I look after the battery?")
        .await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.click(&testid("open-settings")).await;
    let titles = || async {
        desk.texts(&format!("{} .reply-title", testid("editable-reply")))
            .await
    };
    desk.until("my three replies listed", || async {
        titles().await.len() == 3
    })
    .await;
    assert_eq!(
        titles().await,
        vec!["Warranty first", "Warranty second", "Warranty doomed"]
    );
    desk.element(&format!("{} .up", row(&second)))
        .await
        .send_keys(&format!("{}{}", Key::Alt, Key::Up))
        .await
        .expect("Alt+Up");
    desk.until("second moved above first", || async {
        titles().await == vec!["Warranty second", "Warranty first", "Warranty doomed"]
    })
    .await;
    let delete = format!("{} {}", row(&doomed), testid("delete-reply"));
    desk.click(&delete).await;
    assert_eq!(
        desk.texts(&delete).await,
        vec!["Click again to delete"],
        "one click only asks"
    );
    desk.click(&delete).await;
    desk.until("the reply gone from the list", || async {
        titles().await == vec!["Warranty second", "Warranty first"]
    })
    .await;
    desk.until("the server has the order and the deletion", || async {
        let (_, page) = server
            .get(&agent.token, "/api/v1/quick-replies?limit=500")
            .await;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        let position = |id: &str| -> Option<i64> {
            items
                .iter()
                .find(|r| r["id"] == id)
                .and_then(|r| r["position"].as_i64())
        };
        position(&second) == Some(1)
            && position(&first) == Some(2)
            && !items.iter().any(|r| r["id"] == doomed.as_str())
    })
    .await;
    desk.click(&testid("settings-close")).await;

    desk.open_conversation(&conversation).await;
    desk.click(&testid("nav-knowledge")).await;
    desk.click(&testid("kb-most-used")).await;
    let (_, articles) = server.get(&agent.token, "/api/v1/articles?limit=500").await;
    let mut ranked: Vec<&Value> = articles["items"].as_array().unwrap().iter().collect();
    ranked.sort_by(|a, b| {
        let key = |x: &Value| {
            (
                std::cmp::Reverse(x["uses"].as_i64().unwrap()),
                x["title"].as_str().unwrap().to_owned(),
            )
        };
        key(a).cmp(&key(b))
    });
    desk.until("the most used article first", || async {
        desk.texts(&testid("kb-article"))
            .await
            .first()
            .is_some_and(|t| t.contains(ranked[0]["title"].as_str().unwrap()))
    })
    .await;
    let top = *ranked.iter().find(|a| a["visibility"] == "public").unwrap();
    let uses = top["uses"].as_i64().unwrap();
    desk.click(&format!(
        "{}[data-id=\"{}\"]",
        testid("kb-article"),
        top["id"].as_str().unwrap()
    ))
    .await;
    desk.until("the count shown", || async {
        desk.texts(&testid("kb-uses")).await == vec![format!("Inserted {uses} times")]
    })
    .await;
    desk.click(&testid("kb-insert")).await;
    desk.click(&testid("nav-knowledge")).await;
    desk.click(&testid("kb-most-used")).await;
    desk.click(&format!(
        "{}[data-id=\"{}\"]",
        testid("kb-article"),
        top["id"].as_str().unwrap()
    ))
    .await;
    desk.until("one more insertion shown", || async {
        desk.texts(&testid("kb-uses")).await == vec![format!("Inserted {} times", uses + 1)]
    })
    .await;
    desk.until("and counted on the server", || async {
        let (_, page) = server.get(&agent.token, "/api/v1/articles?limit=500").await;
        page["items"].as_array().is_some_and(|items| {
            items
                .iter()
                .any(|a| a["id"] == top["id"] && a["uses"].as_i64() == Some(uses + 1))
        })
    })
    .await;
    desk.screenshot("reply-list").await;
    desk.close().await;
}
