//! A customer's tags and blocking, and message actions, in the real app
//! (issue 8, CUST-4, MSG-5, MSG-6): the agent tags the customer "risk" and
//! blocks them (a second click confirms); the server has it and the widget
//! refuses the customer's next message. The agent quotes a customer message
//! into the reply, adds an emoji from the palette, and deletes a message for
//! themselves only: gone in the desk, still on the server.

use fiido_e2e::{composer_of, testid, Desk};
use fiido_testkit::TestServer;
use serde_json::json;

#[tokio::test]
async fn an_agent_tags_and_blocks_a_customer_quotes_adds_an_emoji_and_hides_a_message() {
    let server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Max Troll").await;
    server
        .visitor_says(&visitor, "Give me a discount now")
        .await;
    server.visitor_says(&visitor, "Or else").await;
    let (_, session) = server.get(&visitor, "/api/v1/widget/session").await;
    let customer = session["customer"]["id"].as_str().unwrap().to_owned();
    let agent = server.login("agent@demo.fiido").await;
    let (_, history) = server
        .get(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
        )
        .await;
    let id_of = |body: &str| -> String {
        history["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["body"] == body)
            .and_then(|m| m["id"].as_str())
            .unwrap()
            .to_owned()
    };
    let message = |body: &str| format!("[data-testid=message][data-id='{}']", id_of(body));

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;

    // Quote the first message, then add an emoji at the cursor.
    desk.click(&format!(
        "{} {}",
        message("Give me a discount now"),
        testid("quote")
    ))
    .await;
    desk.until("the quote in the reply", || async {
        desk.composer_text(&conversation).await == "> Give me a discount now\n\n"
    })
    .await;
    desk.click(&testid("emoji-button")).await;
    desk.click(&format!("{}:first-child", testid("emoji")))
        .await;
    desk.until("the emoji after the quote", || async {
        desk.composer_text(&conversation).await == "> Give me a discount now\n\n😊"
    })
    .await;
    desk.element(&composer_of(&conversation)).await;

    // Delete "Or else" for me only.
    desk.click(&format!("{} {}", message("Or else"), testid("hide")))
        .await;
    desk.until("the message hidden in the desk", || async {
        !desk
            .texts("[data-testid=message][data-author=customer]")
            .await
            .iter()
            .any(|t| t.contains("Or else"))
    })
    .await;
    let (_, messages) = server
        .get(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
        )
        .await;
    assert!(
        messages.to_string().contains("Or else"),
        "still on the server"
    );

    // Tag "risk" and block.
    desk.click(&format!("{}:nth-child(2)", testid("customer-tag")))
        .await;
    desk.click(&testid("block-customer")).await;
    assert_eq!(
        desk.texts(&testid("block-customer")).await,
        vec!["Click again to block"]
    );
    desk.click(&testid("block-customer")).await;
    desk.element(&testid("customer-blocked")).await;
    desk.until("the server has the tag and the block", || async {
        let (_, c) = server
            .get(&agent.token, &format!("/api/v1/customers/{customer}"))
            .await;
        c["blocked"] == true
            && c["tags"]
                .as_array()
                .is_some_and(|t| t.contains(&json!("risk")))
    })
    .await;
    let (status, error) = server
        .post(
            &visitor,
            "/api/v1/widget/messages",
            &json!({"body": "Hello?"}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    desk.screenshot("customer-blocked").await;
    desk.close().await;
}
