//! Process behaviour: CORS for the stores' origins only, the widget's files,
//! and a graceful shutdown on SIGTERM even with sockets open.

use std::time::Duration;

use fiido_testkit::TestServer;

#[tokio::test]
async fn cors_allows_the_configured_store_origins_only() {
    let server = TestServer::start_demo();
    for (origin, allowed) in [
        ("https://fiido.de", true),
        ("https://fiido.com", true),
        ("https://evil.example", false),
    ] {
        let response = server
            .http
            .request(
                reqwest::Method::OPTIONS,
                server.url("/api/v1/widget/sessions"),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        let header = response
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_owned());
        if allowed {
            assert_eq!(header.as_deref(), Some(origin), "{origin} is allowed");
        } else {
            assert_eq!(header, None, "{origin} is refused");
        }
    }
}

#[tokio::test]
async fn the_shop_page_embeds_the_widget_with_one_script_tag() {
    let server = TestServer::start_demo();
    let page = server
        .http
        .get(server.url("/demo/shop"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("<script").count(), 1, "one script tag");
    assert!(page.contains(r#"src="/widget.js""#));
    let response = server
        .http
        .get(server.url("/widget.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
}

#[tokio::test]
async fn sigterm_shuts_down_gracefully_with_a_socket_open() {
    let mut server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let mut socket = server.agent_socket(&agent.token, 0).await;
    socket.until_caught_up().await;
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = server
        .wait_exit(Duration::from_secs(10))
        .expect("the server exits after SIGTERM");
    assert!(exit.success(), "exit status {exit:?}");
}

#[tokio::test]
async fn the_simulator_plays_customers_through_the_widget_api() {
    let server = TestServer::start_demo();
    let admin = server.login("admin@demo.fiido").await;
    let before = server.head(&admin.token).await;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_fiido-server"))
        .args([
            "simulate",
            "--url",
            &server.base,
            "--rate",
            "20",
            "--duration",
            "2",
        ])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains(" 0 errors"), "{stdout}");
    let (_, page) = server
        .get(
            &admin.token,
            &format!("/api/v1/events?after={before}&limit=500"),
        )
        .await;
    let messages = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["data"]["kind"] == "message_upserted" && e["data"]["message"]["author"] == "customer"
        })
        .count();
    assert!(
        messages >= 20,
        "customer messages arrived: {messages}\n{stdout}"
    );
}
