//! Where Ctrl+1..9 work (issue 6, acceptance 3): *in the desk only* (the
//! default) leaves another app's Ctrl+2 to that app; *system-wide*, chosen in
//! the settings, grabs it: pressed in another app, the desk comes forward
//! with the slot 2 reply in the open conversation's composer.

use fiido_e2e::{composer_of, focused_window_name, testid, Desk, OtherApp};
use fiido_testkit::TestServer;

#[tokio::test]
async fn ctrl_2_in_another_app_stays_there_unless_the_keys_are_system_wide() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "Is my bike on its way?")
        .await;
    desk.open_conversation(&conversation).await;
    let composer = composer_of(&conversation);
    desk.click(&composer).await;
    let value = || desk.composer_text(&conversation);

    // In the desk only (default): the other app gets Ctrl+2, the desk nothing.
    let other = OtherApp::start();
    other.press("ctrl+2");
    desk.until("the other app received Ctrl+2", || async {
        other.ctrl_digit_presses('2') == 1
    })
    .await;
    assert_eq!(value().await, "", "the desk did not react");
    assert_eq!(focused_window_name(), "other-app");

    // System-wide, chosen in the settings view.
    desk.click(&testid("open-settings")).await;
    desk.click(&testid("scope-system-wide")).await;
    desk.until("the choice saved", || async {
        desk.texts(&testid("settings-status"))
            .await
            .iter()
            .any(|t| t.contains("from any app"))
    })
    .await;
    desk.screenshot("settings").await;
    desk.click(&testid("settings-close")).await;

    other.press("ctrl+2");
    desk.until("the slot 2 reply in the composer", || async {
        value().await.starts_with("Hi Mia,")
    })
    .await;
    desk.until("the desk in front", || async {
        focused_window_name() == "Fiido Desk"
    })
    .await;
    assert_eq!(
        other.ctrl_digit_presses('2'),
        1,
        "the second Ctrl+2 went to the desk, not the other app"
    );
    desk.close().await;
}
