//! The product finder and the customer's spending in the real app (issue
//! 10; COM-4, CUST-2): from the local cache the agent finds a product by a
//! misspelt name and by SKU, sees stock per warehouse as coloured bars and
//! the restock time of one out of stock, and puts its link with UTM
//! parameters into the reply; the customer panel shows what they spent.

use fiido_e2e::{composer_of, testid, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn an_agent_finds_products_sees_stock_and_inserts_a_tracked_link() {
    let server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Pia Produkt").await;
    server
        .visitor_says(&visitor, "Is the M1 Pro back soon?")
        .await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;
    desk.click(&testid("nav-products")).await;
    let search = desk.element(&testid("product-search")).await;

    // A misspelt name.
    search.send_keys("magnesiun").await.expect("type");
    desk.until("the X Magnesium found", || async {
        desk.attribute(&testid("product"), "data-sku")
            .await
            .as_deref()
            == Some("FD-X-TTN")
    })
    .await;
    // Stock: 15 in the EU is amber, 64 in China green.
    assert_eq!(
        desk.attribute(&testid("stock-EU"), "data-tone")
            .await
            .as_deref(),
        Some("some")
    );
    assert_eq!(
        desk.attribute(&testid("stock-CN"), "data-tone")
            .await
            .as_deref(),
        Some("plenty")
    );

    // By SKU: out of stock everywhere, with its restock time.
    search.clear().await.expect("clear");
    search.send_keys("FD-M1P").await.expect("type");
    let m1 = "[data-testid=product][data-sku='FD-M1P-BLK']";
    desk.until("the M1 Pro found", || async {
        !desk.all(m1).await.is_empty()
    })
    .await;
    assert_eq!(
        desk.attribute(&format!("{m1} [data-testid=stock-EU]"), "data-tone")
            .await
            .as_deref(),
        Some("out")
    );
    let restock = desk
        .texts(&format!("{m1} [data-testid=product-restock]"))
        .await
        .concat();
    assert!(restock.contains("back in about 35 days"), "{restock}");
    desk.screenshot("product-finder").await;

    // Its link, with UTM parameters, into the reply.
    desk.click(&format!("{m1} [data-testid=product-insert-link]"))
        .await;
    desk.until("the link in the reply", || async {
        desk.composer_text(&conversation)
            .await
            .contains("utm_source=fiido-desk")
    })
    .await;
    let text = desk.composer_text(&conversation).await;
    assert!(text.contains("/products/fd-m1p-blk?utm_source=fiido-desk&utm_medium=chat&utm_campaign=customer-service"), "{text}");
    desk.element(&composer_of(&conversation)).await;
    desk.close().await;
}
