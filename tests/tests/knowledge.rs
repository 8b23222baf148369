//! The knowledge base in the real app (issue 7, acceptance 2, last part):
//! an article opened from the category tree is rendered, and the part the
//! agent selects goes into the reply, not the whole article.

use fiido_e2e::{testid, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn a_selected_part_of_an_article_is_inserted_into_the_reply() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (_, page) = server.get(&agent.token, "/api/v1/articles?limit=500").await;
    let article = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["visibility"] == "public" && a["body"].as_str().unwrap().contains("\n\n"))
        .expect("a public demo article with paragraphs")
        .clone();
    let article_id = article["id"].as_str().unwrap();

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "How do I store the battery?")
        .await;
    desk.open_conversation(&conversation).await;

    desk.click(&testid("nav-knowledge")).await;
    desk.click(&format!("{}[data-id='{article_id}']", testid("kb-article")))
        .await;
    desk.until("the article rendered", || async {
        desk.texts(&format!("{} h2", testid("knowledge-base")))
            .await
            .iter()
            .any(|t| t == article["title"].as_str().unwrap())
    })
    .await;

    desk.screenshot("knowledge-base").await;

    // The agent selects the first paragraph of the article.
    let selected = desk
        .page_strings(
            "const el = document.querySelector('[data-testid=kb-body] p');
             const range = document.createRange();
             range.selectNodeContents(el);
             const s = document.getSelection();
             s.removeAllRanges();
             s.addRange(range);
             return [s.toString().trim()];",
            "",
        )
        .await;
    let part = selected[0].clone();
    assert!(!part.is_empty());
    desk.until("Insert selection enabled", || async {
        desk.attribute(&testid("kb-insert-selection"), "disabled")
            .await
            .is_none()
    })
    .await;
    desk.click(&testid("kb-insert-selection")).await;
    desk.until("the part in the reply", || async {
        desk.composer_text(&conversation).await == part
    })
    .await;
    assert!(
        desk.all(&testid("knowledge-base")).await.is_empty(),
        "closed"
    );
    assert!(
        part.len() < article["body"].as_str().unwrap().len(),
        "only the part"
    );
    desk.close().await;
}
