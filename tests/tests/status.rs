//! Available / away (PLAT-1): chosen in the tray's menu over D-Bus or by
//! clicking one's avatar in the window; the tray's check marks, the window
//! and the server (where routing reads it) all agree.

use fiido_e2e::{testid, tray_checked, tray_click, Desk};
use fiido_testkit::TestServer;

#[tokio::test]
async fn away_from_the_tray_reaches_the_window_and_the_server_and_back_from_the_window() {
    let server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    let avatar = testid("agent-initials");
    desk.until("signed in and available", || async {
        desk.attribute(&avatar, "data-status").await.as_deref() == Some("available")
    })
    .await;
    assert!(tray_checked("Available") && !tray_checked("Away"));
    let agent = server.login("agent@demo.fiido").await;
    let status = || async {
        let (_, settings) = server.get(&agent.token, "/api/v1/me/settings").await;
        settings["status"].as_str().unwrap_or_default().to_owned()
    };

    tray_click("Away");
    desk.until("the window shows away", || async {
        desk.attribute(&avatar, "data-status").await.as_deref() == Some("away")
    })
    .await;
    desk.until("the server knows", || async { status().await == "away" })
        .await;
    assert!(tray_checked("Away") && !tray_checked("Available"));

    desk.click(&avatar).await;
    desk.until("the server knows the agent is back", || async {
        status().await == "available"
    })
    .await;
    desk.until("the tray shows it", || async { tray_checked("Available") })
        .await;
    assert!(!tray_checked("Away"));
    desk.close().await;
}
