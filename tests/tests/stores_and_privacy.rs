//! The unified inbox, the customer's shop activity and privacy requests
//! (issue 12: PLAT-5, CONV-8, CUST-3, CUST-6), in the real app.
//!
//! A lead serving both stores narrows the inbox to one store with the
//! switcher, and to e-mail with the channel filter; a customer who agreed
//! to share their shop activity shows what they viewed, their cart and
//! searches; the lead exports the customer's data into Downloads and erases
//! them, and the conversation leaves the desk and its cache.

use fiido_e2e::{cache_query, testid, Desk};
use fiido_testkit::TestServer;
use serde_json::json;

#[tokio::test]
async fn a_lead_filters_the_inbox_sees_shop_activity_and_erases_a_customer() {
    let server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Katrin Ahlgrimm").await;
    let (status, report) = server
        .post(
            &visitor,
            "/api/v1/widget/behaviour",
            &json!({"viewed": ["FD-D4S-BLK", "FD-D11-GRY"], "cart": [{"sku": "FD-D11-GRY", "quantity": 2}], "searches": ["d11 reichweite"]}),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    server
        .visitor_says(&visitor, "Ist der D11 auch in Weiß lieferbar?")
        .await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "lead@demo.fiido").await;
    let cards = testid("conversation-item");
    desk.until("the switcher", || async {
        desk.all(&testid("store-switch")).await.len() == 2
    })
    .await;
    // One store, then e-mail only.
    let shown = |script: &'static str| {
        let desk = &desk;
        let cards = cards.clone();
        async move { desk.page_strings(script, &cards).await }
    };
    desk.click(&format!(
        "{}[data-store-id='store-eu']",
        testid("store-switch")
    ))
    .await;
    desk.until("only the European store's conversations", || async {
        let stores = shown("return [...new Set([...document.querySelectorAll(arguments[0])].map(e => e.dataset.storeId))];").await;
        stores == vec!["store-eu".to_owned()]
    })
    .await;
    desk.click(&format!(
        "{}[data-store-id='store-us']",
        testid("store-switch")
    ))
    .await;
    desk.until("only the US store's conversations", || async {
        let stores = shown("return [...new Set([...document.querySelectorAll(arguments[0])].map(e => e.dataset.storeId))];").await;
        stores == vec!["store-us".to_owned()]
    })
    .await;
    desk.page_strings(
        "const s = document.querySelector(arguments[0]); s.value = 'email'; s.dispatchEvent(new Event('change', {bubbles: true})); return [];",
        &testid("channel-filter"),
    )
    .await;
    desk.until("only the US store's e-mail conversations", || async {
        let channels = shown("return [...new Set([...document.querySelectorAll(arguments[0])].map(e => e.dataset.storeId + '/' + e.dataset.channel))];").await;
        channels == vec!["store-us/email".to_owned()]
    })
    .await;
    desk.click(&testid("store-all")).await;
    desk.page_strings(
        "const s = document.querySelector(arguments[0]); s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true})); return [];",
        &testid("channel-filter"),
    )
    .await;

    // The customer's shop activity, in the panel.
    desk.open_conversation(&conversation).await;
    desk.until("the viewed products", || async {
        desk.texts(&format!("{} li", testid("behaviour-viewed")))
            .await
            .first()
            .is_some_and(|t| t.starts_with("Fiido D11 Folding E-Bike (Grey)"))
    })
    .await;
    assert_eq!(
        desk.texts(&format!("{} li", testid("behaviour-cart")))
            .await,
        vec!["2 × Fiido D11 Folding E-Bike (Grey)".to_owned()]
    );
    assert_eq!(
        desk.texts(&format!("{} li", testid("behaviour-searches")))
            .await,
        vec!["“d11 reichweite”".to_owned()]
    );
    desk.screenshot("stores-and-shop-activity").await;

    // Export the customer's data: a readable page in Downloads.
    desk.click(&testid("export-customer-html")).await;
    desk.until("the export saved", || async {
        desk.texts(&testid("privacy-note"))
            .await
            .concat()
            .starts_with("Saved to ")
    })
    .await;
    let note = desk.texts(&testid("privacy-note")).await.concat();
    let path = note.trim().strip_prefix("Saved to ").unwrap().to_owned();
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(
        page.contains("Katrin Ahlgrimm") && page.contains("in Weiß lieferbar"),
        "{path}"
    );

    // Erase on request: the conversation leaves the desk and its cache.
    desk.click(&testid("erase-customer")).await;
    desk.element(&testid("erase-reason"))
        .await
        .send_keys("GDPR request by e-mail, ticket 4711")
        .await
        .unwrap();
    desk.click(&testid("erase-confirm")).await;
    let listed = format!("{cards}[data-id='{conversation}']");
    desk.until("the conversation gone from the list", || async {
        desk.all(&listed).await.is_empty()
    })
    .await;
    let sql =
        format!("SELECT COUNT(*) || '' FROM messages WHERE conversation_id = '{conversation}'");
    assert_eq!(cache_query(&sql).as_deref(), Some("0"));
    assert_eq!(
        cache_query("SELECT COUNT(*) || '' FROM customers WHERE nickname = 'Katrin Ahlgrimm'")
            .as_deref(),
        Some("0")
    );
    desk.close().await;
}
