//! The window as a desktop app keeps it (PLAT-8): moved and resized, then
//! quit from the tray, the desk opens where it was left; launched again while
//! it runs, the second process only brings the first forward and ends.

use std::process::Command;

use fiido_e2e::{
    app_bin, app_processes, app_running, desk_window, kill_app, place_window, testid, tray_click,
    window_geometry, Desk,
};

#[tokio::test]
async fn the_window_reopens_where_it_was_left_and_a_second_launch_joins_the_first() {
    let desk = Desk::fresh_launch().await;
    desk.element(&testid("login-form")).await;
    let window = desk_window().expect("the desk's window");
    place_window(&window, 70, 40, 1100, 720);
    desk.until("the window moved and resized", || async {
        window_geometry(&window) == Some((70, 40, 1100, 720))
    })
    .await;
    tray_click("Quit");
    desk.until("the app ended", || async { !app_running() })
        .await;

    // Started again as from the launcher (WebDriver's session ended with the app).
    let mut first = Command::new(app_bin()).spawn().expect("launch the desk");
    desk.until("the window where it was left", || async {
        desk_window().and_then(|w| window_geometry(&w)) == Some((70, 40, 1100, 720))
    })
    .await;

    let mut second = Command::new(app_bin()).spawn().expect("a second launch");
    desk.until("the second launch ended", || {
        let ended = matches!(second.try_wait(), Ok(Some(_)));
        async move { ended }
    })
    .await;
    assert!(
        matches!(first.try_wait(), Ok(None)),
        "the first desk still runs"
    );
    assert_eq!(app_processes(), 1, "one desk");
    kill_app();
    let _ = first.wait();
    desk.close().await;
}
