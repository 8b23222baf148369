//! E-mail and social channels (issue 12, PLAT-5, CONV-8).
//!
//! E-mail: a mail sent to the server's SMTP port becomes a conversation;
//! the agent's reply leaves over SMTP to a real capturing server (aiosmtpd,
//! installed by scripts/setup) with the thread's headers; the customer's
//! answer to it lands in the same conversation.
//!
//! Webhook: an unsigned or wrongly signed call is refused 401
//! `invalid_signature`; a signed one becomes a message; the agent's reply
//! is posted, signed, to the outbound webhook.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use fiido_server::channels::signature;
use fiido_testkit::TestServer;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// A free port on 127.0.0.1 for a listener started by another process.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something accepts connections on `port`.
async fn until_listening(port: u16) {
    tokio::time::timeout(Duration::from_secs(30), async {
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the SMTP port opened");
}

/// aiosmtpd writing every mail it receives into a Maildir.
struct CapturingSmtp {
    child: Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl CapturingSmtp {
    async fn start() -> Self {
        let python = PathBuf::from(
            std::env::var("FIIDO_TOOLS").unwrap_or_else(|_| "/var/cache/fiido-tools".into()),
        )
        .join("aiosmtpd/bin/python");
        let maildir = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts (scripts/setup installs it)");
        until_listening(port).await;
        CapturingSmtp {
            child,
            port,
            maildir,
        }
    }

    /// The raw mails received so far.
    fn mails(&self) -> Vec<String> {
        let dir = self.maildir.path().join("box/new");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }

    /// Waits for the `n`-th mail.
    async fn nth(&self, n: usize) -> String {
        tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                if let Some(mail) = self.mails().get(n - 1) {
                    return mail.clone();
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("mail #{n} reached the capturing server"))
    }
}

impl Drop for CapturingSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn send_mail(port: u16, mail: lettre::Message) {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(port)
        .build()
        .send(mail)
        .await
        .expect("the server took the mail");
}

/// The conversations of a channel whose customer is `name` (the demo has
/// e-mail and social conversations of its own).
async fn conversations_of(
    server: &TestServer,
    token: &str,
    channel: &str,
    name: &str,
) -> Vec<Value> {
    let (status, page) = server
        .get(
            token,
            &format!("/api/v1/conversations?channel={channel}&limit=500"),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page["next_cursor"].is_null(), "one page holds them");
    let items = page["items"].as_array().unwrap();
    assert!(
        items.iter().all(|c| c["channel"] == channel),
        "the filter keeps only {channel}"
    );
    let mut theirs = Vec::new();
    for c in items {
        let path = format!("/api/v1/customers/{}", c["customer_id"].as_str().unwrap());
        let (_, customer) = server.get(token, &path).await;
        if customer["nickname"] == name {
            theirs.push(c.clone());
        }
    }
    theirs
}

async fn messages(server: &TestServer, token: &str, conversation: &str) -> Vec<Value> {
    let (status, list) = server
        .get(
            token,
            &format!("/api/v1/conversations/{conversation}/messages"),
        )
        .await;
    assert_eq!(status, 200, "{list}");
    list["messages"].as_array().unwrap().clone()
}

async fn agent_replies(server: &TestServer, token: &str, conversation: &str, text: &str) -> Value {
    let (status, message) = server
        .post(
            token,
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"body": text, "client_id": uuid::Uuid::new_v4().to_string()}),
        )
        .await;
    assert_eq!(status, 201, "{message}");
    message
}

const JONAS: &str = "Ingrid Halvorsen";

#[tokio::test]
async fn an_email_becomes_a_conversation_and_the_reply_threads_both_ways() {
    let relay = CapturingSmtp::start().await;
    let smtp_port = free_port();
    let server = TestServer::start(&[
        "--demo",
        "--smtp-listen",
        &format!("127.0.0.1:{smtp_port}"),
        "--smtp-relay",
        &format!("smtp://127.0.0.1:{}", relay.port),
    ]);
    until_listening(smtp_port).await;
    let agent = server.login("agent@demo.fiido").await;
    assert!(conversations_of(&server, &agent.token, "email", JONAS)
        .await
        .is_empty());

    // A customer writes to the European store's address.
    let first = lettre::Message::builder()
        .from(
            "Ingrid Halvorsen <ingrid.halvorsen@example.org>"
                .parse()
                .unwrap(),
        )
        .to("support@fiido.de".parse().unwrap())
        .subject("Akku lädt nicht")
        .message_id(Some("<first-1@example.org>".into()))
        .body("Hallo, mein Akku lädt seit gestern nicht mehr.".to_owned())
        .unwrap();
    send_mail(smtp_port, first).await;

    let conversations = conversations_of(&server, &agent.token, "email", JONAS).await;
    assert_eq!(conversations.len(), 1, "{conversations:?}");
    let conversation = conversations[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(conversations[0]["store_id"], "store-eu");
    assert_eq!(conversations[0]["status"], "waiting");
    let history = messages(&server, &agent.token, &conversation).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["author_name"], "Ingrid Halvorsen");
    let body = history[0]["body"].as_str().unwrap();
    assert!(body.starts_with("Akku lädt nicht"), "{body}");
    assert!(
        body.contains("mein Akku lädt seit gestern nicht mehr"),
        "{body}"
    );

    // The agent answers; it leaves over SMTP, in the thread.
    let reply = agent_replies(
        &server,
        &agent.token,
        &conversation,
        "Bitte prüfen Sie die Sicherung am Akku.",
    )
    .await;
    let sent = relay.nth(1).await;
    let parsed_sent = mail_parser::MessageParser::default()
        .parse(sent.as_bytes())
        .unwrap();
    let to = parsed_sent.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("ingrid.halvorsen@example.org"));
    assert_eq!(parsed_sent.subject(), Some("Re: Akku lädt nicht"));
    assert_eq!(
        parsed_sent.in_reply_to().as_text(),
        Some("first-1@example.org")
    );
    assert!(parsed_sent
        .body_text(0)
        .unwrap()
        .contains("Bitte prüfen Sie die Sicherung"));
    let reply_id = parsed_sent.message_id().unwrap().to_owned();
    assert!(
        reply_id.starts_with(reply["id"].as_str().unwrap()),
        "{reply_id}"
    );
    let from = parsed_sent.from().unwrap().first().unwrap();
    assert_eq!(from.address(), Some("support@fiido.de"));

    // The customer answers the reply: same conversation, quoted text left out.
    let second = lettre::Message::builder()
        .from("Ingrid Halvorsen <ingrid.halvorsen@example.org>".parse().unwrap())
        .to("support@fiido.de".parse().unwrap())
        .subject("Re: Akku lädt nicht")
        .message_id(Some("<second-2@example.org>".into()))
        .in_reply_to(format!("<{reply_id}>"))
        .references(format!("<first-1@example.org> <{reply_id}>"))
        .body("Danke, jetzt geht es!\n\nOn Tue, Fiido Europe wrote:\n> Bitte prüfen Sie die Sicherung am Akku.\n".to_owned())
        .unwrap();
    send_mail(smtp_port, second).await;
    let conversations = conversations_of(&server, &agent.token, "email", JONAS).await;
    assert_eq!(
        conversations.len(),
        1,
        "the answer threads into the same conversation"
    );
    let history = messages(&server, &agent.token, &conversation).await;
    let texts: Vec<&str> = history
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert_eq!(texts[2], "Danke, jetzt geht es!");

    // The same mail delivered twice is taken once.
    let again = lettre::Message::builder()
        .from(
            "Ingrid Halvorsen <ingrid.halvorsen@example.org>"
                .parse()
                .unwrap(),
        )
        .to("support@fiido.de".parse().unwrap())
        .subject("Re: Akku lädt nicht")
        .message_id(Some("<second-2@example.org>".into()))
        .in_reply_to(format!("<{reply_id}>"))
        .body("Danke, jetzt geht es!".to_owned())
        .unwrap();
    send_mail(smtp_port, again).await;
    assert_eq!(
        messages(&server, &agent.token, &conversation).await.len(),
        3
    );

    // Mail to a domain no store has is refused at RCPT.
    let stray = lettre::Message::builder()
        .from("x@example.org".parse().unwrap())
        .to("someone@elsewhere.example".parse().unwrap())
        .subject("?")
        .body("?".to_owned())
        .unwrap();
    let refused = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(smtp_port)
        .build()
        .send(stray)
        .await;
    assert!(refused.is_err(), "a mail for another domain is refused");
}

/// A stand-in for a social bridge: records the server's outbound calls.
async fn bridge() -> (String, mpsc::UnboundedReceiver<(HeaderMap, Bytes)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/outbound",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let tx = tx.clone();
            async move {
                let _ = tx.send((headers, body));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/outbound", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

async fn post_webhook(server: &TestServer, body: &Value, signature: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(server.url("/api/v1/channels/webhook"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body).unwrap());
    if let Some(sig) = signature {
        request = request.header("x-fiido-signature", sig);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_webhook_takes_only_signed_messages_and_hands_replies_back() {
    const SECRET: &str = "bridge-secret-7f3a";
    let (outbound, mut calls) = bridge().await;
    let server = TestServer::start(&[
        "--demo",
        "--webhook-secret",
        SECRET,
        "--webhook-outbound-url",
        &outbound,
    ]);
    let agent = server.login("agent@demo.fiido").await;
    let inbound = json!({
        "store": "fiido-eu",
        "platform": "whatsapp",
        "message_id": "wamid.HBgLNDkxNTE",
        "sender": {"id": "+4915112345678", "name": "Lukas", "language": "de"},
        "text": "Wann kommt mein Fahrrad?"
    });
    let bytes = serde_json::to_vec(&inbound).unwrap();

    let (status, error) = post_webhook(&server, &inbound, None).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (401, Some("invalid_signature")),
        "{error}"
    );
    let (status, error) = post_webhook(
        &server,
        &inbound,
        Some(&signature::sign("wrong-secret", &bytes)),
    )
    .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (401, Some("invalid_signature")),
        "{error}"
    );
    let tampered = signature::sign(SECRET, b"{\"store\":\"fiido-eu\"}");
    let (status, _) = post_webhook(&server, &inbound, Some(&tampered)).await;
    assert_eq!(status, 401, "a signature of another body");
    assert!(conversations_of(&server, &agent.token, "social", "Lukas")
        .await
        .is_empty());

    let signed = signature::sign(SECRET, &bytes);
    let (status, accepted) = post_webhook(&server, &inbound, Some(&signed)).await;
    assert_eq!(status, 200, "{accepted}");
    let conversation = accepted["conversation_id"].as_str().unwrap().to_owned();
    let history = messages(&server, &agent.token, &conversation).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["body"], "Wann kommt mein Fahrrad?");
    assert_eq!(history[0]["author_name"], "Lukas");
    let listed = conversations_of(&server, &agent.token, "social", "Lukas").await;
    assert_eq!(listed.len(), 1);
    assert!(conversations_of(&server, &agent.token, "email", "Lukas")
        .await
        .is_empty());

    // The platform retries: taken once.
    let (status, again) = post_webhook(&server, &inbound, Some(&signed)).await;
    assert_eq!(
        (status, &again["message_id"]),
        (200, &accepted["message_id"])
    );
    assert_eq!(
        messages(&server, &agent.token, &conversation).await.len(),
        1
    );

    // A signed body that is not a message: 400, not stored.
    let bad = json!({"store": "fiido-eu", "platform": "fax", "message_id": "1", "sender": {"id": "1", "name": "x"}, "text": "x"});
    let bad_bytes = serde_json::to_vec(&bad).unwrap();
    let (status, error) =
        post_webhook(&server, &bad, Some(&signature::sign(SECRET, &bad_bytes))).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (400, Some("validation_failed")),
        "{error}"
    );

    // The agent's reply goes to the bridge, signed, addressed to the sender.
    let reply = agent_replies(
        &server,
        &agent.token,
        &conversation,
        "Morgen zwischen 10 und 12 Uhr.",
    )
    .await;
    let (headers, body) = tokio::time::timeout(Duration::from_secs(30), calls.recv())
        .await
        .expect("the reply was posted to the outbound webhook")
        .unwrap();
    let sig = headers.get("x-fiido-signature").unwrap().to_str().unwrap();
    assert!(
        signature::verify(SECRET, &body, sig),
        "the outbound call is signed"
    );
    let out: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(out["recipient"], "+4915112345678");
    assert_eq!(out["platform"], "whatsapp");
    assert_eq!(out["message_id"], reply["id"]);
    assert_eq!(out["text"], "Morgen zwischen 10 und 12 Uhr.");
}

#[tokio::test]
async fn without_a_secret_the_webhook_is_not_there() {
    let server = TestServer::start_demo();
    let (status, error) = post_webhook(&server, &json!({}), Some("sha256=00")).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (404, Some("not_found")),
        "{error}"
    );
}
