//! Driving the real Fiido Desk app over WebDriver (tauri-driver +
//! WebKitWebDriver) inside the session `tests/run-desktop-e2e.sh` prepares:
//! Xvfb, a private D-Bus session, an unlocked gnome-keyring, a throwaway HOME.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// How long any wait in an end-to-end test may take.
pub const WAIT: Duration = Duration::from_secs(30);

/// The app binary under test (`$APP_BIN`, built with the UI embedded).
pub fn app_bin() -> String {
    std::env::var("APP_BIN").expect("APP_BIN: run through tests/run-desktop-e2e.sh")
}

/// Where the app keeps its data in the throwaway HOME.
pub fn app_data_dir() -> PathBuf {
    let home = std::env::var("HOME").expect("HOME");
    PathBuf::from(home).join(".local/share/com.fiido.desk")
}

/// One launched app window.
pub struct Desk {
    pub client: Client,
    /// The WebDriver session, ended in `Drop` too: a test that fails must
    /// not leave it open (the driver takes one session at a time).
    session: Option<String>,
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Some(id) = self.session.take() {
            end_session(&id);
        }
    }
}

/// `DELETE /session/{id}` on tauri-driver, over a plain socket so it works
/// while a failed test unwinds (its async runtime is going away).
fn end_session(id: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect("127.0.0.1:4444") else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!(
        "DELETE /session/{id} HTTP/1.1\r\nHost: 127.0.0.1:4444\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
    }
}

/// The composer of one conversation.
pub fn composer_of(conversation: &str) -> String {
    format!(
        "{}[data-conversation-id='{conversation}']",
        testid("composer")
    )
}

/// `[data-testid=...]`.
pub fn testid(id: &str) -> String {
    format!("[data-testid={id}]")
}

impl Desk {
    /// Launches the app (a new WebDriver session starts a new process).
    pub async fn launch() -> Desk {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": app_bin() }));
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect("http://127.0.0.1:4444")
            .await
            .expect("connect to tauri-driver on 127.0.0.1:4444");
        let session = client.session_id().await.ok().flatten();
        Desk { client, session }
    }

    /// Launches the app with no saved session, cache or keyring entry left
    /// by an earlier test in the same desktop session.
    pub async fn fresh_launch() -> Desk {
        kill_app();
        let _ = std::fs::remove_dir_all(app_data_dir());
        if let Ok(clock) = std::env::var("FIIDO_CLOCK_FILE") {
            let _ = std::fs::remove_file(clock);
        }
        let _ = std::process::Command::new("secret-tool")
            .args(["clear", "service", "fiido-desk"])
            .status();
        Desk::launch().await
    }

    /// Switches the session to the app's window whose page has this
    /// location hash (`#team-stats`), waiting for it to open; `""` is the
    /// workbench.
    pub async fn switch_to_window(&self, hash: &str) {
        let started = Instant::now();
        loop {
            for handle in self.client.windows().await.unwrap_or_default() {
                if self.client.switch_to_window(handle).await.is_err() {
                    continue;
                }
                let here = self
                    .client
                    .execute("return window.location.hash;", vec![])
                    .await
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                if here == hash {
                    return;
                }
            }
            if started.elapsed() > Duration::from_secs(20) {
                panic!("no window with location hash {hash:?}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Signs in through the login form.
    pub async fn sign_in(&self, server: &str, email: &str) {
        self.element(&testid("login-form")).await;
        let field = self.element(&testid("login-server")).await;
        field.clear().await.expect("clear the server field");
        field.send_keys(server).await.expect("type the server");
        self.element(&testid("login-email"))
            .await
            .send_keys(email)
            .await
            .expect("type the e-mail");
        self.element(&testid("login-password"))
            .await
            .send_keys("demo")
            .await
            .expect("type the password");
        self.click(&testid("login-submit")).await;
    }

    /// Waits for a conversation to be listed and opens it.
    pub async fn open_conversation(&self, id: &str) {
        let css = format!("{}[data-id='{id}']", testid("conversation-item"));
        self.until("the conversation in the list", || async {
            !self.all(&css).await.is_empty()
        })
        .await;
        self.click(&css).await;
    }

    /// The text in a conversation's composer.
    pub async fn composer_text(&self, conversation: &str) -> String {
        self.element(&composer_of(conversation))
            .await
            .prop("value")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Waits for an element.
    pub async fn element(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => {
                let _ = self.screenshot("failed-no-element").await;
                panic!("no element {css}: {e}")
            }
        }
    }

    /// Clicks the element matching `css`. Live updates re-render lists, so an
    /// element found a moment ago may be replaced: look it up again until the
    /// click lands or [`WAIT`] runs out.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let result = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.click().await,
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => {
                    let _ = self.screenshot("failed-click").await;
                    panic!("could not click {css}: {e:?}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// All elements matching now.
    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    /// Polls the page until `check` holds (the UI updates asynchronously);
    /// fails after [`WAIT`] naming what it waited for.
    pub async fn until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + WAIT;
        while !check().await {
            if Instant::now() > deadline {
                let _ = self
                    .screenshot(&format!("failed-{}", what.replace(' ', "-")))
                    .await;
                panic!("timed out waiting for: {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs a script that returns an array of strings, in one step inside
    /// the page (so no element can go stale between finding and reading it).
    pub async fn page_strings(&self, script: &str, argument: &str) -> Vec<String> {
        match self.client.execute(script, vec![json!(argument)]).await {
            Ok(serde_json::Value::Array(values)) => values
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The texts of every element matching.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.page_strings(
            "return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.textContent || '');",
            css,
        )
        .await
    }

    /// An attribute of the first element matching.
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let element = self.client.find(Locator::Css(css)).await.ok()?;
        element.attr(name).await.ok().flatten()
    }

    /// Saves a screenshot under `$E2E_SHOTS` (default target/e2e).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(std::env::var("E2E_SHOTS").unwrap_or_else(|_| "target/e2e".into()));
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Ends the WebDriver session (tauri-driver stops the app).
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.session = None;
    }
}

/// Kills the app as a crash would (SIGKILL), leaving its files as they are.
pub fn kill_app() {
    let _ = std::process::Command::new("pkill")
        .args(["-KILL", "-x", "fiido-desk"])
        .status();
}

/// Reads one value from the app's cache file (the draft, the outbox), to
/// know that what the agent typed reached the disk before a crash.
pub fn cache_query(sql: &str) -> Option<String> {
    let stores = app_data_dir().join("stores");
    let entry = std::fs::read_dir(stores)
        .ok()?
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "sqlite3"))?;
    let conn = rusqlite::Connection::open_with_flags(
        entry.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .ok()?;
    conn.query_row(sql, [], |r| r.get::<_, String>(0)).ok()
}

/// Whether the app process runs.
pub fn app_running() -> bool {
    std::process::Command::new("pgrep")
        .args(["-x", "fiido-desk"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Every notification the session's notification server received.
pub fn notifications() -> Vec<serde_json::Value> {
    let path =
        std::env::var("NOTIFY_LOG").expect("NOTIFY_LOG: run through tests/run-desktop-e2e.sh");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Clicks an action of a notification, as a person would in the panel.
pub fn click_notification(id: u64, action: &str) {
    let status = std::process::Command::new("gdbus")
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.Notifications",
        ])
        .args([
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
            "com.fiido.Test.Click",
        ])
        .arg(id.to_string())
        .arg(action)
        .output()
        .expect("gdbus");
    assert!(
        status.status.success(),
        "clicking the notification: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The bus name and object path of the tray item of the running desk (the
/// newest registration whose bus connection belongs to the newest desk
/// process: an earlier test's desk may still be shutting down).
pub fn tray_item() -> Option<(String, String)> {
    let path = std::env::var("SNI_LOG").expect("SNI_LOG: run through tests/run-desktop-e2e.sh");
    let log = std::fs::read_to_string(path).ok()?;
    let newest = std::process::Command::new("pgrep")
        .args(["-n", "-x", "fiido-desk"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())?;
    log.lines()
        .rev()
        .filter_map(|l| l.strip_prefix("ITEM "))
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            Some((parts.next()?.to_owned(), parts.next()?.to_owned()))
        })
        .find(|(bus, _)| {
            busctl(&["status", bus])
                .is_some_and(|status| status.lines().any(|l| l == format!("PID={newest}")))
        })
}

fn busctl(args: &[&str]) -> Option<String> {
    let output = std::process::Command::new("busctl")
        .arg("--user")
        .args(args)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A string or object-path property of the tray item (`XAyatanaLabel` is
/// the label Linux shows).
pub fn tray_property(name: &str) -> Option<String> {
    let (bus, path) = tray_item()?;
    let out = busctl(&[
        "--json=short",
        "get-property",
        &bus,
        &path,
        "org.kde.StatusNotifierItem",
        name,
    ])?;
    let json: serde_json::Value = serde_json::from_str(&out).ok()?;
    json["data"].as_str().map(str::to_owned)
}

fn find_menu_entry<'a>(
    value: &'a serde_json::Value,
    label: &str,
) -> Option<(i64, &'a serde_json::Value)> {
    match value {
        serde_json::Value::Array(items) => {
            if let (Some(id), Some(props)) = (items.first().and_then(|v| v.as_i64()), items.get(1))
            {
                if props
                    .get("label")
                    .and_then(|l| l.get("data"))
                    .and_then(|d| d.as_str())
                    == Some(label)
                {
                    return Some((id, props));
                }
            }
            items.iter().find_map(|v| find_menu_entry(v, label))
        }
        serde_json::Value::Object(map) => map.values().find_map(|v| find_menu_entry(v, label)),
        _ => None,
    }
}

/// The tray's bus name, its menu's object path and the menu's layout (JSON).
fn tray_menu() -> (String, String, serde_json::Value) {
    let (bus, _) = tray_item().expect("a tray item registered");
    let menu = tray_property("Menu").expect("the tray item has a menu");
    let layout = busctl(&[
        "--json=short",
        "call",
        "--",
        &bus,
        &menu,
        "com.canonical.dbusmenu",
        "GetLayout",
        "iias",
        "0",
        "-1",
        "0",
    ])
    .expect("the menu layout");
    let json = serde_json::from_str(&layout).expect("busctl JSON");
    (bus, menu, json)
}

/// Whether the tray menu has an entry with this label.
pub fn tray_has_entry(label: &str) -> bool {
    let (_, _, layout) = tray_menu();
    find_menu_entry(&layout, label).is_some()
}

/// Whether a tray menu entry shows its check mark (dbusmenu `toggle-state`).
pub fn tray_checked(label: &str) -> bool {
    let (_, _, layout) = tray_menu();
    let (_, props) =
        find_menu_entry(&layout, label).unwrap_or_else(|| panic!("no menu entry {label:?}"));
    props
        .get("toggle-state")
        .and_then(|t| t.get("data"))
        .and_then(|d| d.as_i64())
        == Some(1)
}

/// Clicks a tray menu entry over dbusmenu, as the panel would.
pub fn tray_click(label: &str) {
    let (bus, menu, layout) = tray_menu();
    let (id, _) = find_menu_entry(&layout, label)
        .unwrap_or_else(|| panic!("no menu entry {label:?} in {layout}"));
    busctl(&[
        "call",
        "--",
        &bus,
        &menu,
        "com.canonical.dbusmenu",
        "Event",
        "isvu",
        &id.to_string(),
        "clicked",
        "i",
        "0",
        "0",
    ])
    .expect("clicking the menu entry");
}

/// Presses keys through the X server (xdotool), as a person would, with the
/// app's window focused.
pub fn press_keys(keys: &str) {
    let windows = std::process::Command::new("xdotool")
        .args(["search", "--name", "Fiido Desk"])
        .output()
        .expect("xdotool");
    if let Some(window) = String::from_utf8_lossy(&windows.stdout).lines().last() {
        let _ = std::process::Command::new("xdotool")
            .args(["windowfocus", "--sync", window])
            .status();
    }
    let status = std::process::Command::new("xdotool")
        .args(["key", keys])
        .status()
        .expect("xdotool key");
    assert!(status.success(), "xdotool key {keys}");
}

/// Sets the desk's alert clock (Unix ms), through `$FIIDO_CLOCK_FILE`.
pub fn set_clock(ms: i64) {
    let path = std::env::var("FIIDO_CLOCK_FILE")
        .expect("FIIDO_CLOCK_FILE: run through tests/run-desktop-e2e.sh");
    let tmp = format!("{path}.tmp");
    std::fs::write(&tmp, ms.to_string()).expect("write the clock");
    std::fs::rename(tmp, path).expect("move the clock");
}

/// Another app's window on the same X server (`xev`), logging every key it
/// receives, to check what the desk leaves to other apps.
pub struct OtherApp {
    child: std::process::Child,
    log: PathBuf,
    window: String,
}

impl OtherApp {
    /// Opens the window and waits until it is mapped.
    pub fn start() -> OtherApp {
        let log = std::env::temp_dir().join(format!("other-app-{}.log", std::process::id()));
        let out = std::fs::File::create(&log).expect("xev log");
        let child = std::process::Command::new("stdbuf")
            .args(["-oL", "xev", "-event", "keyboard", "-name", "other-app"])
            .args(["-geometry", "320x200+40+40"])
            .stdout(out)
            .spawn()
            .expect("xev (x11-utils)");
        let found = std::process::Command::new("xdotool")
            .args(["search", "--sync", "--onlyvisible", "--name", "other-app"])
            .output()
            .expect("xdotool search");
        let window = String::from_utf8_lossy(&found.stdout)
            .lines()
            .last()
            .expect("the other app's window")
            .to_owned();
        OtherApp { child, log, window }
    }

    /// Gives the other app the keyboard and presses `keys` through the X
    /// server, as a person would.
    pub fn press(&self, keys: &str) {
        let status = std::process::Command::new("xdotool")
            .args(["windowfocus", "--sync", &self.window])
            .status()
            .expect("xdotool windowfocus");
        assert!(status.success(), "focus the other app");
        let status = std::process::Command::new("xdotool")
            .args(["key", keys])
            .status()
            .expect("xdotool key");
        assert!(status.success(), "xdotool key {keys}");
    }

    /// How many times the other app received Ctrl+`digit` (xev logs the
    /// key press with the Control bit, state 0x4).
    pub fn ctrl_digit_presses(&self, digit: char) -> usize {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let keysym = format!("(keysym 0x{:x}, {digit})", digit as u32);
        log.split("\n\n")
            .filter(|event| {
                event.starts_with("KeyPress")
                    && event.contains("state 0x4,")
                    && event.contains(&keysym)
            })
            .count()
    }
}

impl Drop for OtherApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// The name of the top-level window that has the keyboard.
pub fn focused_window_name() -> String {
    let out = std::process::Command::new("xdotool")
        .args(["getwindowfocus", "getwindowname"])
        .output()
        .expect("xdotool getwindowfocus");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The desk's top-level X window.
pub fn desk_window() -> Option<String> {
    let out = std::process::Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Fiido Desk$"])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .map(str::to_owned)
}

/// A window's position and size on screen: (x, y, width, height).
pub fn window_geometry(window: &str) -> Option<(i64, i64, i64, i64)> {
    let out = std::process::Command::new("xdotool")
        .args(["getwindowgeometry", "--shell", window])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |key: &str| -> Option<i64> {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.trim().parse().ok())
    };
    Some((value("X")?, value("Y")?, value("WIDTH")?, value("HEIGHT")?))
}

/// Moves and resizes a window as a window manager would on the user's behalf.
pub fn place_window(window: &str, x: i64, y: i64, width: i64, height: i64) {
    for args in [
        vec![
            "windowsize".to_owned(),
            window.to_owned(),
            width.to_string(),
            height.to_string(),
        ],
        vec![
            "windowmove".to_owned(),
            window.to_owned(),
            x.to_string(),
            y.to_string(),
        ],
    ] {
        let status = std::process::Command::new("xdotool")
            .args(&args)
            .status()
            .expect("xdotool");
        assert!(status.success(), "xdotool {args:?}");
    }
}

/// How many desk processes run.
pub fn app_processes() -> usize {
    std::process::Command::new("pgrep")
        .args(["-x", "fiido-desk"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().count())
        .unwrap_or(0)
}
