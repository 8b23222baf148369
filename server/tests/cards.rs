//! Cards in conversations (issue 10; MSG-4, COM-5): an agent sends a
//! product, an order and a coupon card; the server fills each from its own
//! records, the customer's widget receives it, and a card that would show
//! something the store does not have (an unknown product, another
//! customer's order, an expired coupon) is refused with its field. A link to
//! one of the store's own product pages gets that product as its preview;
//! a link to another site gets none.

use fiido_testkit::TestServer;
use serde_json::{json, Value};

async fn send(server: &TestServer, token: &str, conversation: &str, body: Value) -> (u16, Value) {
    server
        .post(
            token,
            &format!("/api/v1/conversations/{conversation}/messages"),
            &body,
        )
        .await
}

/// A demo customer of `store` with an order, and their conversation.
async fn customer_with_order(server: &TestServer, token: &str, store: &str) -> (Value, String) {
    let (_, orders) = server.get(token, "/api/v1/orders?limit=200").await;
    for order in orders["items"].as_array().unwrap() {
        if order["store_id"] != store {
            continue;
        }
        let customer = order["customer_id"].as_str().unwrap();
        let (_, conversations) = server
            .get(
                token,
                &format!("/api/v1/conversations?customer_id={customer}"),
            )
            .await;
        if let Some(c) = conversations["items"].as_array().unwrap().first() {
            return (order.clone(), c["id"].as_str().unwrap().to_owned());
        }
    }
    panic!("the demo has a customer of {store} with an order and a conversation");
}

#[tokio::test]
async fn product_order_and_coupon_cards_are_filled_by_the_server_and_reach_the_customer() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server.visitor_says(&visitor, "Which bike for hills?").await;
    let mut widget = server.visitor_socket(&visitor, 0).await;
    widget.next_message().await;

    let (_, products) = server.get(&lena.token, "/api/v1/products?limit=1").await;
    let product = &products["items"][0];
    let sku = product["sku"].as_str().unwrap();
    let (status, message) = send(
        &server,
        &lena.token,
        &conversation,
        json!({"body": "", "card": {"kind": "product", "sku": sku}}),
    )
    .await;
    assert_eq!(status, 201, "{message}");
    let card = &message["card"];
    assert_eq!(card["kind"], "product");
    assert_eq!(card["name"], product["name"]);
    assert_eq!(card["price"]["currency"], "EUR", "the store's currency");
    let url = card["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!(
            "https://fiido.de/products/{}?utm_source=fiido-desk",
            sku.to_lowercase()
        )),
        "{url}"
    );
    assert!(
        message["body"].as_str().unwrap().contains(url),
        "the text fallback has the link"
    );
    let received = widget.next_message().await;
    assert_eq!(received["card"], *card, "the widget gets the same card");

    let (status, coupon) = send(
        &server,
        &lena.token,
        &conversation,
        json!({"body": "Here is a welcome gift", "card": {"kind": "coupon", "code": "welcome10"}}),
    )
    .await;
    assert_eq!(status, 201, "{coupon}");
    assert_eq!(
        coupon["body"], "Here is a welcome gift",
        "the agent's caption is kept"
    );
    assert_eq!(coupon["card"]["code"], "WELCOME10");
    assert_eq!(
        coupon["card"]["discount"],
        json!({"type": "percent", "percent": 10})
    );
    assert_eq!(widget.next_message().await["card"]["kind"], "coupon");

    let (order, with_orders) = customer_with_order(&server, &lena.token, "store-eu").await;
    let (status, sent) = send(
        &server,
        &lena.token,
        &with_orders,
        json!({"body": "", "card": {"kind": "order", "order_id": order["id"]}}),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    assert_eq!(sent["card"]["number"], order["number"]);
    assert_eq!(sent["card"]["status"], order["status"]);
    assert_eq!(sent["card"]["total"], order["total"]);
    assert!(
        sent["card"].get("note").is_none(),
        "the team's note stays inside"
    );
}

#[tokio::test]
async fn a_card_the_store_cannot_back_is_refused_and_nothing_is_sent() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Jan Berg").await;
    server.visitor_says(&visitor, "Hello").await;
    let (other_order, _) = customer_with_order(&server, &lena.token, "store-eu").await;
    let head = server.head(&lena.token).await;

    for (card, field) in [
        (json!({"kind": "product", "sku": "NO-SUCH-SKU"}), "card.sku"),
        (
            json!({"kind": "order", "order_id": other_order["id"]}),
            "card.order_id",
        ),
        (json!({"kind": "coupon", "code": "SUMMER15"}), "card.code"),
        (json!({"kind": "coupon", "code": "FREEBIKE"}), "card.code"),
        (json!({"kind": "coupon", "code": "../../x"}), "card.code"),
    ] {
        let (status, body) = send(
            &server,
            &lena.token,
            &conversation,
            json!({"body": "", "card": card}),
        )
        .await;
        assert_eq!(
            (
                status,
                body["error"]["code"].as_str(),
                body["error"]["field"].as_str()
            ),
            (400, Some("validation_failed"), Some(field)),
            "{card}: {body}"
        );
    }
    let (status, body) = send(&server, &lena.token, &conversation, json!({"body": "  "})).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (400, Some("body")),
        "no text, no card"
    );
    let (status, body) = server
        .post(
            &visitor,
            "/api/v1/widget/messages",
            &json!({"body": "hi", "card": {"kind": "coupon", "code": "WELCOME10"}}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (400, Some("card")),
        "{body}"
    );
    assert_eq!(server.head(&lena.token).await, head, "nothing was sent");
}

#[tokio::test]
async fn a_link_to_the_stores_own_product_page_gets_a_preview_and_others_do_not() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Eva Roth").await;
    let (_, products) = server.get(&lena.token, "/api/v1/products?limit=1").await;
    let sku = products["items"][0]["sku"].as_str().unwrap().to_lowercase();

    let asked = server
        .visitor_says(
            &visitor,
            &format!("Is https://www.fiido.de/products/{sku} in stock?"),
        )
        .await;
    assert_eq!(asked["card"]["kind"], "product", "{asked}");
    assert_eq!(asked["card"]["sku"].as_str().unwrap().to_lowercase(), sku);

    let (status, reply) = send(
        &server,
        &lena.token,
        &conversation,
        json!({"body": "Compare https://other-shop.example/products/x and https://fiido.de/products/no-such-bike"}),
    )
    .await;
    assert_eq!(status, 201);
    assert!(
        reply["card"].is_null(),
        "no preview for other sites or unknown products: {reply}"
    );
}
