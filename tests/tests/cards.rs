//! Cards, images and tracking in the real app (issue 10; MSG-3, MSG-4,
//! COM-3, COM-5): the agent sends a coupon from the composer's card picker
//! (an expired one is not offered) and an order card from the customer
//! panel; both show as cards and the server holds the cards it filled. The
//! order's parcel is tracked in the panel (scans, ETA or outcome). A picked
//! PNG shows as an image loaded from the desk's cache, and a link to one of
//! the store's own product pages gets the product's preview.

use fantoccini::key::Key;
use fiido_e2e::{composer_of, press_keys, testid, Desk};
use fiido_testkit::TestServer;
use serde_json::Value;

/// A 4×3 blue PNG.
const PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x04\x00\x00\x00\x03\x08\x02\x00\x00\x00\x3b\x96\x39\x91\x00\x00\x00\x10\x49\x44\x41\x54\x78\x9c\x63\x50\x4d\x7e\x0d\x47\x0c\x38\x39\x00\x4a\x0c\x11\x65\x21\x13\x28\xd7\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// The newest message of a conversation as the server has it.
async fn newest(server: &TestServer, token: &str, conversation: &str) -> Value {
    let (_, page) = server
        .get(
            token,
            &format!("/api/v1/conversations/{conversation}/messages?limit=1"),
        )
        .await;
    page["messages"][0].clone()
}

#[tokio::test]
async fn an_agent_sends_coupon_and_order_cards_tracks_the_parcel_and_sees_images_and_previews() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    // A shipped order of the EU store whose customer has one chat.
    let (_, orders) = server.get(&lena.token, "/api/v1/orders?limit=500").await;
    let (_, conversations) = server
        .get(&lena.token, "/api/v1/conversations?limit=500")
        .await;
    let (order, conversation) = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "shipped" && o["store_id"] == "store-eu")
        .find_map(|o| {
            let theirs: Vec<&Value> = conversations["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["customer_id"] == o["customer_id"])
                .collect();
            match theirs[..] {
                [c] => Some((o.clone(), c["id"].as_str().unwrap().to_owned())),
                _ => None,
            }
        })
        .expect("a shipped demo order whose customer has one chat");
    let number = order["number"].as_str().unwrap();
    let order_card = format!("[data-testid=order][data-number='{number}']");

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.until("the chats in the list", || async {
        !desk.all(&testid("conversation-item")).await.is_empty()
    })
    .await;
    // Find the customer by their order, as an agent would: Ctrl+K.
    press_keys("ctrl+k");
    desk.element(&testid("search-input"))
        .await
        .send_keys(number)
        .await
        .expect("type the order number");
    desk.click(&format!(
        "{}[data-kind=order][data-id='{}']",
        testid("search-hit"),
        order["id"].as_str().unwrap()
    ))
    .await;
    desk.until("the customer's chat open", || async {
        desk.attribute(&testid("composer"), "data-conversation-id")
            .await
            .as_deref()
            == Some(conversation.as_str())
    })
    .await;
    desk.element(&composer_of(&conversation))
        .await
        .send_keys("Half-typed answer")
        .await
        .expect("type");

    // A coupon from the picker; the expired one is not offered.
    desk.click(&testid("card-button")).await;
    desk.until("the store's coupons", || async {
        !desk.texts(&testid("card-coupon")).await.is_empty()
    })
    .await;
    let offered = desk.texts(&testid("card-coupon")).await.concat();
    assert!(
        offered.contains("WELCOME10") && offered.contains("RIDE50"),
        "{offered}"
    );
    assert!(
        !offered.contains("SUMMER15"),
        "an expired coupon is not offered"
    );
    desk.click(&format!("{}:first-child", testid("card-coupon")))
        .await;
    desk.until("the coupon card delivered", || async {
        newest(&server, &lena.token, &conversation).await["card"]["kind"] == "coupon"
    })
    .await;
    let sent = newest(&server, &lena.token, &conversation).await;
    assert_eq!(sent["card"]["code"], "WELCOME10");
    desk.until("the coupon card in the chat", || async {
        desk.texts("[data-testid=message-card][data-kind=coupon] [data-testid=card-code]")
            .await
            .concat()
            == "WELCOME10"
    })
    .await;
    assert_eq!(
        desk.composer_text(&conversation).await,
        "Half-typed answer",
        "sending a card keeps what was typed"
    );

    // The order, from the customer panel.
    desk.click(&format!("{order_card} [data-testid=order-send-card]"))
        .await;
    desk.until("the order card delivered", || async {
        newest(&server, &lena.token, &conversation).await["card"]["number"] == number
    })
    .await;
    desk.until("the order card in the chat", || async {
        desk.texts("[data-testid=message-card][data-kind=order] [data-testid=card-title]")
            .await
            .concat()
            .contains(number)
    })
    .await;

    // Its parcel: the carrier's scans and where it stands.
    desk.click(&format!("{order_card} [data-testid=order-track]"))
        .await;
    desk.until("the parcel's scans", || async {
        desk.texts(&format!("{order_card} [data-testid=tracking-scans] li"))
            .await
            .len()
            >= 3
    })
    .await;
    let standing = desk
        .texts(&format!(
            "{order_card} [data-testid=tracking-eta], {order_card} [data-testid=tracking-delivered], {order_card} [data-testid=tracking-exception]"
        ))
        .await;
    assert_eq!(
        standing.len(),
        1,
        "one ETA, delivery or exception: {standing:?}"
    );
    assert!(
        desk.texts(&testid("tracking-scans"))
            .await
            .concat()
            .contains("Label created"),
        "the first scan is listed"
    );

    // An image shows inline, loaded from the desk's cache.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frame-crack.png");
    std::fs::write(&path, PNG).unwrap();
    desk.element(&testid("attach-file"))
        .await
        .send_keys(&path.display().to_string())
        .await
        .expect("pick the image");
    desk.until("the image loaded in the chat", || async {
        desk.page_strings(
            "return Array.from(document.querySelectorAll(arguments[0])).map((i) => i.complete ? String(i.naturalWidth) : '');",
            "[data-testid=image-thumb] img",
        )
        .await
            == ["4"]
    })
    .await;
    assert!(
        fiido_e2e::cache_query(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) FROM media WHERE id = '{}'",
            newest(&server, &lena.token, &conversation).await["attachment"]["id"]
                .as_str()
                .unwrap()
        ))
        .as_deref()
            == Some("1"),
        "the image is kept in the cache"
    );

    // A link to the store's own product page gets its preview.
    let (_, products) = server.get(&lena.token, "/api/v1/products?limit=1").await;
    let product = &products["items"][0];
    let sku = product["sku"].as_str().unwrap().to_lowercase();
    desk.element(&composer_of(&conversation))
        .await
        .send_keys(&format!(" https://fiido.de/products/{sku}{}", Key::Enter))
        .await
        .expect("send the link");
    desk.until("the product preview", || async {
        desk.texts("[data-testid=message-card][data-kind=product] [data-testid=card-title]")
            .await
            .concat()
            == product["name"].as_str().unwrap()
    })
    .await;
    desk.screenshot("cards").await;
    desk.close().await;
}
