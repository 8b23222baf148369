//! An article's history in the real app (KB-4): a lead sees what changed
//! since an earlier version and brings it back; every desk gets the result.

use fantoccini::key::Key;
use fiido_e2e::{testid, Desk};
use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_lead_sees_what_changed_and_restores_the_earlier_version() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    let (_, page) = server.get(&lead.token, "/api/v1/articles?limit=500").await;
    let article = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["visibility"] == "public")
        .expect("a public demo article")
        .clone();
    let id = article["id"].as_str().unwrap().to_owned();
    let original = article["body"].as_str().unwrap().to_owned();

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "lead@demo.fiido").await;
    desk.element(&testid("conversation-list")).await;
    let (status, _) = server
        .send(
            Method::PATCH,
            &lead.token,
            &format!("/api/v1/articles/{id}"),
            &json!({"body": format!("{original}\n\nA NEWLY ADDED PARAGRAPH.")}),
        )
        .await;
    assert_eq!(status, 200);

    desk.click(&testid("nav-knowledge")).await;
    desk.click(&format!("{}[data-id='{id}']", testid("kb-article")))
        .await;
    desk.until("the edit reached the desk", || async {
        desk.texts(&testid("kb-body"))
            .await
            .iter()
            .any(|t| t.contains("A NEWLY ADDED PARAGRAPH."))
    })
    .await;
    desk.click(&testid("kb-history-toggle")).await;
    desk.until("two versions, the change shown as added", || async {
        desk.all(&testid("kb-revision")).await.len() == 2
            && desk
                .texts(&format!("{} ins", testid("kb-diff")))
                .await
                .iter()
                .any(|t| t.contains("NEWLY ADDED"))
    })
    .await;
    desk.screenshot("knowledge-history").await;
    desk.click(&testid("kb-restore")).await;
    desk.until("the original text back", || async {
        let shown = desk.texts(&testid("kb-body")).await;
        !shown.is_empty()
            && shown
                .iter()
                .all(|t| !t.contains("A NEWLY ADDED PARAGRAPH."))
    })
    .await;
    let (_, page) = server.get(&lead.token, "/api/v1/articles?limit=500").await;
    let now = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id.as_str())
        .unwrap()["body"]
        .clone();
    assert_eq!(now.as_str(), Some(original.as_str()));
    desk.close().await;
}

#[tokio::test]
async fn a_lead_writes_an_article_with_a_live_preview_and_it_reaches_the_server() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "lead@demo.fiido").await;
    desk.element(&testid("conversation-list")).await;

    desk.click(&testid("nav-knowledge")).await;
    desk.click(&testid("kb-new")).await;
    desk.element(&testid("kb-edit-title"))
        .await
        .send_keys("Tyre pressure by model")
        .await
        .expect("title");
    desk.element(&testid("kb-edit-path"))
        .await
        .send_keys("after-sales / tyres")
        .await
        .expect("path");
    desk.element(&testid("kb-edit-body"))
        .await
        // WebDriver types Enter for a new line ("\n" would be dropped).
        .send_keys(
            &"| Model | Pressure |\n|---|---|\n| D11 | 3.5 bar |\n\nCheck **monthly**."
                .replace('\n', &Key::Enter.to_string()),
        )
        .await
        .expect("body");
    desk.until("the preview renders the table", || async {
        desk.texts(&format!("{} td", testid("kb-edit-preview")))
            .await
            .contains(&"3.5 bar".to_owned())
    })
    .await;
    desk.click(&testid("kb-edit-save")).await;
    desk.until("the article shown", || async {
        desk.texts(&testid("kb-body"))
            .await
            .iter()
            .any(|t| t.contains("Check monthly."))
    })
    .await;
    desk.until("the server has it", || async {
        let (_, page) = server.get(&lead.token, "/api/v1/articles?limit=500").await;
        page["items"].as_array().is_some_and(|items| {
            items.iter().any(|a| {
                a["title"] == "Tyre pressure by model"
                    && a["category_path"] == json!(["after-sales", "tyres"])
                    && a["visibility"] == "draft"
            })
        })
    })
    .await;
    desk.close().await;
}
