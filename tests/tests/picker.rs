//! The `/` picker in the real app (issue 7, acceptance 2 in part): typed at
//! the start of the reply it lists matching quick replies and articles with a
//! filled preview; Enter inserts the reply with the conversation's variables
//! filled (a missing one flagged); Esc closes it and keeps the text.

use fantoccini::key::Key;
use fiido_e2e::{composer_of, testid, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn slash_picks_a_quick_reply_filled_for_the_customer_and_esc_keeps_the_text() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server.visitor_says(&visitor, "Where is my parcel?").await;
    desk.open_conversation(&conversation).await;
    let composer = composer_of(&conversation);
    let value = || desk.composer_text(&conversation);

    let field = desk.element(&composer).await;
    field.send_keys("/track").await.expect("type /track");
    desk.until("the picker lists the tracking reply", || async {
        desk.texts(&testid("picker-item"))
            .await
            .iter()
            .any(|t| t.contains("Tracking link"))
    })
    .await;
    desk.until("a filled preview", || async {
        desk.texts(&testid("picker-preview"))
            .await
            .iter()
            .any(|t| t.starts_with("Hi Mia,"))
    })
    .await;
    desk.screenshot("reply-picker").await;
    field
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    desk.until("the reply in the composer", || async {
        value().await.starts_with("Hi Mia, your order")
    })
    .await;
    assert!(desk.all(&testid("reply-picker")).await.is_empty(), "closed");
    let warning = desk.texts(&testid("composer-error")).await.join(" ");
    assert!(warning.contains("{order_id}"), "flagged: {warning}");
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert_eq!(
        history["messages"].as_array().unwrap().len(),
        1,
        "nothing sent"
    );

    // Esc closes the picker and leaves what was typed.
    field.clear().await.expect("clear");
    field.send_keys("/no such reply").await.expect("type");
    desk.element(&testid("reply-picker")).await;
    field
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Esc");
    desk.until("the picker closed", || async {
        desk.all(&testid("reply-picker")).await.is_empty()
    })
    .await;
    assert_eq!(value().await, "/no such reply");
    desk.close().await;
}

#[tokio::test]
async fn a_quick_reply_written_in_the_settings_is_offered_by_the_picker_and_reaches_the_server() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "Where is the frame number?")
        .await;
    desk.click(&testid("open-settings")).await;
    desk.click(&testid("new-reply")).await;
    desk.element(&testid("reply-title"))
        .await
        .send_keys("Frame number photo")
        .await
        .expect("title");
    desk.element(&testid("reply-body-en"))
        .await
        .send_keys("Hi {customer_name}, please send a photo of the frame number.")
        .await
        .expect("body");
    desk.click(&testid("reply-save")).await;
    desk.until("the reply listed as mine", || async {
        desk.texts(&testid("editable-replies"))
            .await
            .iter()
            .any(|t| t.contains("Frame number photo"))
    })
    .await;
    desk.click(&testid("settings-close")).await;

    desk.open_conversation(&conversation).await;
    let field = desk.element(&composer_of(&conversation)).await;
    field.send_keys("/frame").await.expect("type /frame");
    desk.until("the picker offers it", || async {
        desk.texts(&testid("picker-item"))
            .await
            .iter()
            .any(|t| t.contains("Frame number photo"))
    })
    .await;
    field
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    desk.until("filled for Mia", || async {
        field.prop("value").await.ok().flatten().as_deref()
            == Some("Hi Mia, please send a photo of the frame number.")
    })
    .await;

    let agent = server.login("agent@demo.fiido").await;
    desk.until("the server has it", || async {
        let (_, page) = server
            .get(&agent.token, "/api/v1/quick-replies?limit=500")
            .await;
        page["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|r| r["title"] == "Frame number photo"))
    })
    .await;
    desk.close().await;
}
