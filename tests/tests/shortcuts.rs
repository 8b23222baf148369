//! Ctrl+1..9 quick replies in the desk (issue 6, acceptance 3 in part):
//! a real key press from the X server inserts slot 2 with its variables
//! filled; a variable with no value is flagged and blocks the send; Ctrl+/
//! lists every shortcut.

use fantoccini::key::Key;
use fiido_e2e::{composer_of, press_keys, testid, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn ctrl_2_inserts_the_slot_2_reply_with_variables_filled() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "How long until my order ships?")
        .await;
    desk.open_conversation(&conversation).await;
    let composer = composer_of(&conversation);
    desk.click(&composer).await;

    press_keys("ctrl+2");
    let value = || desk.composer_text(&conversation);
    desk.until("the slot 2 reply in the composer", || async {
        value().await.starts_with("Hi Mia,")
    })
    .await;
    let text = value().await;
    assert!(
        text.contains("thanks for your order {order_id}"),
        "order_id has no value here and stays visible: {text}"
    );
    assert!(!text.contains("{customer_name}"));
    let warning = desk
        .element(&testid("composer-error"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        warning.contains("{order_id}"),
        "the missing variable is flagged: {warning}"
    );

    // Sending with the variable unfilled is refused, and the text is kept.
    desk.element(&composer)
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    desk.until("the send refused", || async {
        desk.texts(&testid("composer-error"))
            .await
            .iter()
            .any(|t| t.contains("fill in {order_id}"))
    })
    .await;
    assert_eq!(value().await, text);
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert_eq!(
        history["messages"].as_array().unwrap().len(),
        1,
        "nothing was sent"
    );
    desk.close().await;
}
