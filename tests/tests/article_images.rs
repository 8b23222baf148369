//! Article images in the real app (issue 7, KB-2): the demo warranty
//! article shows its picture through the desk's media: scheme, and after a
//! restart with the server gone the picture still shows, from the cache.

use fiido_e2e::{kill_app, testid, Desk};
use fiido_testkit::TestServer;

/// The pixel width of the article's first image once loaded, 0 before.
async fn image_width(desk: &Desk) -> u64 {
    desk.page_strings(
        "const img = document.querySelector(arguments[0]); \
         return [String(img && img.complete ? img.naturalWidth : 0)];",
        &format!("{} img", testid("kb-body")),
    )
    .await
    .first()
    .and_then(|w| w.parse().ok())
    .unwrap_or(0)
}

async fn open_warranty_article(desk: &Desk, id: &str) {
    desk.click(&testid("nav-knowledge")).await;
    desk.click(&format!("{}[data-id='{id}']", testid("kb-article")))
        .await;
    desk.until("the picture shown", || async {
        image_width(desk).await == 640
    })
    .await;
}

#[tokio::test]
async fn an_articles_picture_shows_and_still_shows_offline_after_a_restart() {
    let mut server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (_, page) = server.get(&agent.token, "/api/v1/articles?limit=500").await;
    let warranty = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Warranty coverage")
        })
        .expect("the demo warranty article")
        .clone();
    let id = warranty["id"].as_str().unwrap();

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    open_warranty_article(&desk, id).await;
    assert_eq!(
        desk.attribute(&format!("{} img", testid("kb-body")), "alt")
            .await
            .as_deref(),
        Some("Where to find the frame number")
    );
    desk.screenshot("article-image").await;

    server.stop();
    kill_app();
    desk.close().await;
    let desk = Desk::launch().await;
    open_warranty_article(&desk, id).await;
    desk.close().await;
}
