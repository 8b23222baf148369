//! Typing and recall in the real app (issue 8, MSG-6, MSG-7): the customer
//! types and the desk shows "typing…"; the agent types and the customer's
//! socket hears who; the agent recalls a fresh reply from the desk and the
//! customer's socket gets it recalled, its text gone.

use fantoccini::key::Key;
use fiido_e2e::{composer_of, testid, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn typing_shows_both_ways_and_a_reply_is_recalled_from_the_desk() {
    let server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "Hello, is my bike ready?")
        .await;
    let mut socket = server.visitor_socket(&visitor, 0).await;
    socket.next_message().await;

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;

    socket.send_typing().await;
    desk.until("the customer shown typing", || async {
        !desk.all(&testid("customer-typing")).await.is_empty()
    })
    .await;

    let composer = desk.element(&composer_of(&conversation)).await;
    composer
        .send_keys("Yes, it ships today")
        .await
        .expect("type");
    assert_eq!(socket.next_typing().await, "Lena Vogel");
    composer
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("send");
    let sent = socket.next_message().await;
    assert_eq!(sent["body"], "Yes, it ships today");

    desk.click(&testid("recall")).await;
    desk.until("the reply shown recalled", || async {
        !desk.all(&testid("recalled")).await.is_empty()
    })
    .await;
    let recalled = socket.next_message().await;
    assert_eq!(
        (
            recalled["id"].clone(),
            recalled["state"].as_str(),
            recalled["body"].as_str()
        ),
        (sent["id"].clone(), Some("recalled"), Some(""))
    );
    desk.screenshot("recalled").await;
    desk.close().await;
}
