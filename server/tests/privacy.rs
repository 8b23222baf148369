//! Privacy requests (issue 12, CUST-6): a lead exports everything about a
//! customer (JSON and a readable HTML page) and erases them on request;
//! afterwards no table of the server's database holds their name, e-mail
//! or message text — checked by reading the SQLite files byte by byte, or
//! by querying every PostgreSQL table — the desks hear `customer_erased`,
//! and the audit log says who did it and why. Agents may do neither.

use std::process::Command;

use fiido_testkit::TestServer;
use serde_json::{json, Value};

const NAME: &str = "Gretchen Quandtmeyer";
const EMAIL: &str = "gretchen.quandtmeyer@example.org";
const SECRET_TEXT: &str = "Meine Zweitwohnung ist in der Ohlauer Strasse 41";
const AGENT_TEXT: &str = "Danke Frau Quandtmeyer, wir schicken den Akku dorthin";

/// The places `needle` still occurs in the server's storage.
fn occurrences(server: &TestServer, needle: &str) -> Vec<String> {
    match server.database_url() {
        Some(url) => {
            let psql = |sql: &str| {
                let out = Command::new("psql")
                    .args([
                        "-X",
                        "-A",
                        "-t",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-d",
                        url,
                        "-c",
                        sql,
                    ])
                    .output()
                    .expect("psql runs");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                String::from_utf8(out.stdout).unwrap()
            };
            let tables = psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
            tables
                .lines()
                .filter(|t| !t.is_empty())
                .filter(|table| {
                    let sql = format!(
                        "SELECT count(*) FROM \"{table}\" t WHERE t::text LIKE '%{}%'",
                        needle.replace('\'', "''")
                    );
                    psql(&sql).trim() != "0"
                })
                .map(|t| format!("table {t}"))
                .collect()
        }
        None => fiido_testkit::files_containing(server.data_dir(), needle),
    }
}

#[tokio::test]
async fn an_erased_customer_leaves_no_trace_in_the_database() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let admin = server.login("admin@demo.fiido").await;

    let response = server
        .http
        .post(server.url("/api/v1/widget/sessions"))
        .json(&json!({"store": "fiido-eu", "name": NAME, "email": EMAIL}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    let visitor = session["token"].as_str().unwrap().to_owned();
    let customer = session["customer"]["id"].as_str().unwrap().to_owned();
    let conversation = session["conversation_id"].as_str().unwrap().to_owned();
    server.visitor_says(&visitor, SECRET_TEXT).await;
    let (status, _) = server
        .post(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"body": AGENT_TEXT, "client_id": "privacy-reply-1"}),
        )
        .await;
    assert_eq!(status, 201);
    let mut socket = server
        .agent_socket(&lead.token, server.head(&lead.token).await)
        .await;
    socket.until_caught_up().await;

    // Export: agents may not; the lead gets everything, as JSON and HTML.
    let (status, _) = server
        .get(
            &agent.token,
            &format!("/api/v1/customers/{customer}/export"),
        )
        .await;
    assert_eq!(status, 403);
    let (status, export) = server
        .get(&lead.token, &format!("/api/v1/customers/{customer}/export"))
        .await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["customer"]["email"], EMAIL);
    let texts: Vec<&str> = export["conversations"][0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&SECRET_TEXT) && texts.contains(&AGENT_TEXT),
        "{texts:?}"
    );
    let html = server
        .http
        .get(server.url(&format!("/api/v1/customers/{customer}/export?format=html")))
        .bearer_auth(&lead.token)
        .send()
        .await
        .unwrap();
    assert!(html.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = html.text().await.unwrap();
    assert!(
        html.contains(NAME) && html.contains(SECRET_TEXT),
        "the page lists them"
    );
    // The search below finds the text while it is stored (it can fail).
    assert!(!occurrences(&server, SECRET_TEXT).is_empty());

    // Erase: agents may not; a reason is required.
    let (status, _) = server
        .erase_customer(&agent.token, &customer, "delete", "x")
        .await;
    assert_eq!(status, 403);
    let (status, error) = server
        .erase_customer(&lead.token, &customer, "delete", " ")
        .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (400, Some("reason")),
        "{error}"
    );
    let (status, error) = server
        .erase_customer(&lead.token, &customer, "shred", "x")
        .await;
    assert_eq!(status, 400, "{error}");

    let (status, report) = server
        .erase_customer(
            &lead.token,
            &customer,
            "delete",
            "GDPR Art. 17 request, ticket 2030-0305",
        )
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (
            report["conversations"].as_i64(),
            report["messages"].as_i64()
        ),
        (Some(1), Some(2))
    );

    // The desks hear of it.
    let erased = loop {
        let (_, event) = socket.next_event().await;
        if let fiido_protocol::events::EventData::CustomerErased {
            customer_id,
            conversation_ids,
        } = event.data
        {
            break (customer_id, conversation_ids);
        }
    };
    assert_eq!(erased, (customer.clone(), vec![conversation.clone()]));

    // Nothing of them is left in the database (files or tables).
    for needle in [NAME, EMAIL, SECRET_TEXT, AGENT_TEXT, "Quandtmeyer"] {
        assert_eq!(
            occurrences(&server, needle),
            Vec::<String>::new(),
            "{needle:?} is still stored"
        );
    }
    let (_, stub) = server
        .get(&lead.token, &format!("/api/v1/customers/{customer}"))
        .await;
    assert_eq!(
        (stub["nickname"].as_str(), stub["email"].as_str()),
        (Some("Erased customer"), None)
    );
    let (status, _) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert_eq!(status, 401, "the visitor's session ended with the erasure");

    // The audit log: admins only; who, what, why.
    let (status, _) = server.get(&lead.token, "/api/v1/audit").await;
    assert_eq!(status, 403);
    let (status, log) = server.get(&admin.token, "/api/v1/audit").await;
    assert_eq!(status, 200, "{log}");
    let actions: Vec<(&str, &str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["actor_name"].as_str().unwrap(),
                e["subject_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions[0],
        ("customer_erased", "Wei Zhang", customer.as_str())
    );
    assert!(log[0]["detail"].as_str().unwrap().contains("GDPR Art. 17"));
    assert_eq!(
        actions
            .iter()
            .filter(|a| a.0 == "customer_exported")
            .count(),
        2
    );
}

#[tokio::test]
async fn anonymising_keeps_the_conversation_for_the_figures_but_no_text() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", NAME).await;
    server.visitor_says(&visitor, SECRET_TEXT).await;
    let (_, session) = server.get(&visitor, "/api/v1/widget/session").await;
    let customer = session["customer"]["id"].as_str().unwrap().to_owned();

    let (status, report) = server
        .erase_customer(
            &lead.token,
            &customer,
            "anonymise",
            "customer asked by e-mail",
        )
        .await;
    assert_eq!(status, 200, "{report}");
    let (status, kept) = server
        .get(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}"),
        )
        .await;
    assert_eq!(status, 200, "the conversation stays: {kept}");
    let (_, list) = server
        .get(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}/messages"),
        )
        .await;
    let bodies: Vec<&str> = list["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(bodies.iter().all(|b| b.is_empty()), "{bodies:?}");
    for needle in [NAME, SECRET_TEXT] {
        assert_eq!(
            occurrences(&server, needle),
            Vec::<String>::new(),
            "{needle:?} is still stored"
        );
    }
}
