//! The real app end to end (issue 5 acceptance 1, 2, 4 and 6): sign in, the
//! demo conversations, a live customer message, a reply that reaches the
//! customer's socket, the token only in the keyring, a screenshot; then an
//! outage with a crash in the middle, after which every queued message
//! arrives exactly once, in order.

use fantoccini::key::Key;
use fiido_e2e::{app_data_dir, cache_query, composer_of, kill_app, testid, Desk};
use fiido_testkit::TestServer;

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
}

/// The token the app stored in the keyring (Secret Service).
fn keyring_token() -> String {
    let output = std::process::Command::new("secret-tool")
        .args(["search", "--all", "--unlock", "service", "fiido-desk"])
        .output()
        .expect("secret-tool");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    text.lines()
        .find_map(|l| l.strip_prefix("secret = "))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no fiido-desk secret in the keyring: {text}"))
}

async fn type_and_send(desk: &Desk, conversation: &str, text: &str) {
    let composer = desk.element(&composer_of(conversation)).await;
    composer.send_keys(text).await.unwrap();
    composer.send_keys(&Key::Enter.to_string()).await.unwrap();
}

async fn message_states(desk: &Desk, body: &str) -> Vec<String> {
    desk.page_strings(
        "return Array.from(document.querySelectorAll('[data-testid=message]'))\
           .filter((e) => e.textContent.includes(arguments[0])).map((e) => e.dataset.state || '');",
        body,
    )
    .await
}

#[tokio::test]
async fn an_agent_works_live_then_through_an_outage_and_a_crash() {
    let mut server = TestServer::start_demo();
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;

    // The demo conversations appear.
    desk.until("demo conversations in the list", || async {
        desk.all(&testid("conversation-item")).await.len() >= 5
    })
    .await;
    desk.element(&testid("customer-panel")).await;

    // The token is in the keyring, works, and is in no file of the app.
    let token = keyring_token();
    let (status, me) = server.get(&token, "/api/v1/me").await;
    assert_eq!(
        (status, me["email"].as_str()),
        (200, Some("agent@demo.fiido")),
        "the keyring holds the session token"
    );
    // "Export diagnostics" writes versions and the recent log (checked for the token below).
    desk.click(&testid("export-diagnostics")).await;
    desk.until("the diagnostics file", || async {
        desk.attribute(&testid("export-diagnostics"), "data-result")
            .await
            .is_some_and(|r| r.starts_with("Diagnostics saved to "))
    })
    .await;
    let result = desk
        .attribute(&testid("export-diagnostics"), "data-result")
        .await
        .unwrap_or_default();
    let report_path = result
        .trim_start_matches("Diagnostics saved to ")
        .to_owned();
    let report = std::fs::read_to_string(&report_path).expect("the diagnostics file");
    assert!(
        report.starts_with("Fiido Desk 0.1.0 diagnostics"),
        "{report}"
    );
    assert!(report.contains("agent: agent@demo.fiido"), "{report}");
    assert!(
        report.contains("caught up; online"),
        "the recent log is in it: {report}"
    );

    let home = std::path::PathBuf::from(std::env::var("HOME").unwrap());
    let mut files = Vec::new();
    for dir in [
        app_data_dir(),
        home.join(".config/com.fiido.desk"),
        home.join(".cache/com.fiido.desk"),
    ] {
        walk(&dir, &mut files);
    }
    assert!(
        !files.is_empty(),
        "the app wrote its cache under {}",
        app_data_dir().display()
    );
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "the token must not be on disk, but {} holds it",
            file.display()
        );
    }

    // A customer writes through the widget API: the list and the chat update live.
    let (visitor, conversation) = server.visitor("fiido-eu", "Greta Lange").await;
    let mut visitor_socket = server.visitor_socket(&visitor, 0).await;
    server.visitor_says(&visitor, "Wann kommt mein D11?").await;
    assert_eq!(
        visitor_socket.next_message().await["body"],
        "Wann kommt mein D11?"
    );
    desk.open_conversation(&conversation).await;
    desk.until("the customer's message in the chat", || async {
        desk.texts(&testid("message"))
            .await
            .iter()
            .any(|t| t.contains("Wann kommt mein D11?"))
    })
    .await;

    // The agent's reply reaches the customer's socket and turns ✓.
    type_and_send(&desk, &conversation, "Hallo Greta, Ihr D11 ist unterwegs.").await;
    let reply = visitor_socket.next_message().await;
    assert_eq!(reply["body"], "Hallo Greta, Ihr D11 ist unterwegs.");
    assert_eq!(reply["author"], "agent");
    desk.until("the reply marked sent", || async {
        message_states(&desk, "Ihr D11 ist unterwegs")
            .await
            .iter()
            .all(|s| s == "sent" || s == "delivered" || s == "read")
    })
    .await;
    // The customer reads it: the agent sees ✓✓.
    let (status, read) = server
        .post(&visitor, "/api/v1/widget/read", &serde_json::json!({}))
        .await;
    assert_eq!((status, read["marked"].as_i64()), (200, Some(1)));
    desk.until("the reply marked read", || async {
        message_states(&desk, "Ihr D11 ist unterwegs").await == ["read"]
    })
    .await;
    let shot = desk.screenshot("workbench").await;
    println!("screenshot: {}", shot.display());

    // Outage: the server stops; the agent keeps working.
    let (other_visitor, other) = server.visitor("fiido-eu", "Paul Weber").await;
    server
        .visitor_says(&other_visitor, "Ist der T1 lieferbar?")
        .await;
    desk.until("the second conversation in the list", || async {
        !desk
            .all(&format!(
                "{}[data-id='{other}']",
                testid("conversation-item")
            ))
            .await
            .is_empty()
    })
    .await;
    server.stop();
    desk.until("the link shown offline", || async {
        desk.attribute(&testid("link-state"), "data-status")
            .await
            .as_deref()
            == Some("offline")
    })
    .await;
    type_and_send(&desk, &conversation, "Offline eins").await;
    type_and_send(&desk, &conversation, "Offline zwei").await;
    desk.open_conversation(&other).await;
    type_and_send(&desk, &other, "Offline drei").await;
    desk.until("queued messages shown as sending", || async {
        message_states(&desk, "Offline drei").await == ["sending"]
    })
    .await;
    let composer = desk.element(&composer_of(&other)).await;
    composer.send_keys("Entwurf, nicht gesendet").await.unwrap();
    composer.send_keys(&Key::Escape.to_string()).await.unwrap();
    desk.until("the draft saved to the cache", || async {
        cache_query("SELECT body FROM drafts").as_deref() == Some("Entwurf, nicht gesendet")
    })
    .await;
    assert_eq!(
        cache_query("SELECT COUNT(*) || '' FROM outbox").as_deref(),
        Some("3")
    );

    // A crash, then the app starts again: still signed in, draft and queue intact.
    kill_app();
    desk.close().await;
    let desk = Desk::launch().await;
    desk.open_conversation(&other).await;
    desk.until("the draft back in the composer", || async {
        let composer = desk.element(&composer_of(&other)).await;
        composer.prop("value").await.ok().flatten().as_deref() == Some("Entwurf, nicht gesendet")
    })
    .await;
    assert_eq!(message_states(&desk, "Offline drei").await, ["sending"]);

    // The server returns: each message arrives once, in order, and turns ✓.
    server.restart();
    desk.until("the queued message delivered", || async {
        message_states(&desk, "Offline drei").await == ["sent"]
    })
    .await;
    let history = |token: String| {
        let server = &server;
        async move {
            let (_, h) = server.get(&token, "/api/v1/widget/messages").await;
            h["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["body"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    desk.until("both conversations complete on the server", || async {
        history(visitor.clone()).await.len() == 4 && history(other_visitor.clone()).await.len() == 2
    })
    .await;
    assert_eq!(
        history(visitor.clone()).await,
        [
            "Wann kommt mein D11?",
            "Hallo Greta, Ihr D11 ist unterwegs.",
            "Offline eins",
            "Offline zwei"
        ]
    );
    assert_eq!(
        history(other_visitor.clone()).await,
        ["Ist der T1 lieferbar?", "Offline drei"]
    );
    desk.open_conversation(&conversation).await;
    desk.until("the first conversation's queued messages sent", || async {
        message_states(&desk, "Offline zwei").await == ["sent"]
            && message_states(&desk, "Offline eins").await == ["sent"]
    })
    .await;
    desk.close().await;
}
