//! Statistics from a scripted day (issue 11, acceptance 1; STAT-1, STAT-2,
//! STAT-5): with a fake clock, three customers write on a day in the
//! future (so the demo's history stays out of it), agents answer, close and
//! get rated, the shop reports an order; the team's figures are exactly the
//! ones worked out by hand below. Runs on SQLite and, in the second pass of
//! `scripts/test`, on PostgreSQL.

use std::path::Path;

use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// Tuesday 2030-03-05 00:00 UTC: the scripted day.
const DAY_START: i64 = 1_898_899_200_000;

/// Moves the server's clock.
fn at(clock: &Path, ms: i64) {
    std::fs::write(clock, ms.to_string()).expect("write the clock");
}

async fn reply(server: &TestServer, token: &str, conversation: &str, text: &str) {
    let (status, body) = server
        .post(
            token,
            &format!("/api/v1/conversations/{conversation}/messages"),
            &json!({"body": text}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

async fn close(server: &TestServer, token: &str, conversation: &str) {
    let (status, body) = server
        .send(
            Method::PATCH,
            token,
            &format!("/api/v1/conversations/{conversation}"),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn rate(server: &TestServer, visitor: &str, score: i64) -> (u16, Value) {
    server
        .post(
            visitor,
            "/api/v1/widget/satisfaction",
            &json!({"score": score, "comment": "thanks"}),
        )
        .await
}

/// Sets the caller's status to away.
async fn away(server: &TestServer, token: &str) {
    let (_, mut settings) = server.get(token, "/api/v1/me/settings").await;
    settings["status"] = json!("away");
    let (status, body) = server
        .send(Method::PUT, token, "/api/v1/me/settings", &settings)
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn team(server: &TestServer, token: &str) -> (u16, Value) {
    server
        .get(
            token,
            &format!(
                "/api/v1/stats/team?from={DAY_START}&to={}&store_id=store-eu",
                DAY_START + DAY
            ),
        )
        .await
}

#[tokio::test]
async fn a_scripted_day_gives_the_figures_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    // The demo's history ends a month before the scripted day.
    at(&clock, DAY_START - 30 * DAY);
    let server = TestServer::start(&["--demo", "--clock-file", clock.to_str().unwrap()]);
    let (_, before) = team(&server, &server.login("lead@demo.fiido").await.token).await;
    let queue_before = before["queue_length"].as_i64().unwrap();

    // A week before, at 09:30: one request, for the chart's comparison
    // (agents are available then: routing gives it to one, so it does not queue).
    at(&clock, DAY_START - 7 * DAY + 9 * HOUR + 30 * MINUTE);
    let (last_week, _) = server.visitor("fiido-eu", "Walter Week").await;
    server
        .visitor_says(&last_week, "Hello from last week")
        .await;

    // 09:00 Anna writes; Lena answers after 30 s, closes at 09:10; 5 stars.
    // (Signed in now: a week on the clock ends sessions.)
    at(&clock, DAY_START + 9 * HOUR);
    let lena = server.login("agent@demo.fiido").await;
    let wei = server.login("lead@demo.fiido").await;
    let admin = server.login("admin@demo.fiido").await;
    // Everyone away: routing gives nobody a chat; whoever answers takes it.
    for token in [&lena.token, &wei.token, &admin.token] {
        away(&server, token).await;
    }
    let (anna, anna_chat) = server.visitor("fiido-eu", "Anna Stats").await;
    server.visitor_says(&anna, "Does the D11 fold?").await;
    // She shares her shop activity: a D11 in her cart (the funnel's carts).
    let (status, body) = server
        .post(
            &anna,
            "/api/v1/widget/behaviour",
            &json!({"cart": [{"sku": "FD-D11-GRY", "quantity": 1}]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = rate(&server, &anna, 4).await;
    assert_eq!(status, 409, "an open chat cannot be rated yet");
    at(&clock, DAY_START + 9 * HOUR + 30 * SECOND);
    reply(&server, &lena.token, &anna_chat, "Yes, in 10 seconds.").await;
    at(&clock, DAY_START + 9 * HOUR + 10 * MINUTE);
    close(&server, &lena.token, &anna_chat).await;
    at(&clock, DAY_START + 9 * HOUR + 11 * MINUTE);
    assert_eq!(rate(&server, &anna, 5).await.0, 204);

    // 10:00 Ben writes; Lena answers after 2 min, closes at 10:30; 3 stars.
    at(&clock, DAY_START + 10 * HOUR);
    let (ben, ben_chat) = server.visitor("fiido-eu", "Ben Stats").await;
    server.visitor_says(&ben, "Where is my parcel?").await;
    at(&clock, DAY_START + 10 * HOUR + 2 * MINUTE);
    reply(&server, &lena.token, &ben_chat, "Checking now.").await;
    reply(&server, &lena.token, &ben_chat, "It arrives tomorrow.").await;
    at(&clock, DAY_START + 10 * HOUR + 30 * MINUTE);
    close(&server, &lena.token, &ben_chat).await;
    at(&clock, DAY_START + 10 * HOUR + 31 * MINUTE);
    assert_eq!(rate(&server, &ben, 3).await.0, 204);

    // 11:00 Cleo writes and waits, unassigned.
    at(&clock, DAY_START + 11 * HOUR);
    let (cleo, cleo_chat) = server.visitor("fiido-eu", "Cleo Stats").await;
    server.visitor_says(&cleo, "Hello?").await;
    let (_, cleo_conversation) = server
        .get(&lena.token, &format!("/api/v1/conversations/{cleo_chat}"))
        .await;
    assert!(cleo_conversation["assignee_id"].is_null(), "Cleo queues");

    // 12:00 the shop reports Anna's order: her request converted.
    at(&clock, DAY_START + 12 * HOUR);
    let (_, anna_conversation) = server
        .get(&lena.token, &format!("/api/v1/conversations/{anna_chat}"))
        .await;
    let order = json!({
        "number": "FD-STATS-1",
        "customer_id": anna_conversation["customer_id"],
        "items": [{"sku": "FD-D11", "name": "Fiido D11", "quantity": 1,
                   "unit_price": {"amount_minor": 129_900, "currency": "EUR"}}],
    });
    let (status, body) = server.post(&admin.token, "/api/v1/orders", &order).await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = server.post(&admin.token, "/api/v1/orders", &order).await;
    assert_eq!(status, 409, "one order per number");
    let (status, _) = server.post(&lena.token, "/api/v1/orders", &order).await;
    assert_eq!(status, 403, "only the shop's account reports orders");

    // 12:05 and 12:06 Lena opens two logistics tickets for Ben (the second
    // a repeat) and resolves the first at 13:05, within its 24 h deadline.
    let (_, ben_conversation) = server
        .get(&lena.token, &format!("/api/v1/conversations/{ben_chat}"))
        .await;
    let mut tickets = Vec::new();
    for (minute, title) in [(5, "Parcel late"), (6, "Parcel still late")] {
        at(&clock, DAY_START + 12 * HOUR + minute * MINUTE);
        let (status, ticket) = server
            .post(
                &lena.token,
                "/api/v1/tickets",
                &json!({"store_id": "store-eu", "kind": "logistics", "title": title,
                        "customer_id": ben_conversation["customer_id"], "conversation_id": ben_chat}),
            )
            .await;
        assert_eq!(status, 201, "{ticket}");
        tickets.push(ticket["id"].as_str().unwrap().to_owned());
    }
    at(&clock, DAY_START + 13 * HOUR + 5 * MINUTE);
    let (status, body) = server
        .send(
            Method::PATCH,
            &lena.token,
            &format!("/api/v1/tickets/{}", tickets[0]),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // At 13:30, the day so far.
    at(&clock, DAY_START + 13 * HOUR + 30 * MINUTE);
    let (status, stats) = team(&server, &wei.token).await;
    assert_eq!(status, 200, "{stats}");
    let f = &stats["figures"];
    assert_eq!(f["requests"], 3, "Anna, Ben, Cleo");
    assert_eq!(f["answered"], 2);
    assert_eq!(f["avg_first_response_ms"], (30 * SECOND + 2 * MINUTE) / 2);
    assert_eq!(f["answered_within_target"], 1, "only Anna's within 30 s");
    assert_eq!(f["closed"], 2);
    assert_eq!(f["avg_handling_ms"], (10 * MINUTE + 30 * MINUTE) / 2);
    assert_eq!(f["ratings"], 2);
    assert_eq!(f["satisfaction"], 4.0, "(5 + 3) / 2");
    assert_eq!(f["converted"], 1, "Anna ordered");
    assert_eq!(
        stats["queue_length"],
        queue_before + 1,
        "Cleo joined the queue"
    );
    assert_eq!(stats["longest_wait_ms"], 150 * MINUTE, "Cleo, since 11:00");
    let hourly: Vec<i64> = serde_json::from_value(stats["hourly"].clone()).unwrap();
    assert_eq!(hourly.len(), 24);
    assert_eq!((hourly[9], hourly[10], hourly[11]), (1, 1, 1));
    assert_eq!(hourly.iter().sum::<i64>(), 3);
    let last: Vec<i64> = serde_json::from_value(stats["hourly_last_week"].clone()).unwrap();
    assert_eq!(
        (last[9], last.iter().sum::<i64>()),
        (1, 1),
        "Walter, 09:30 a week before"
    );

    let lines = stats["agents"].as_array().unwrap();
    let lena_line = lines
        .iter()
        .find(|a| a["agent_id"] == "agent-lena")
        .expect("Lena serves the EU store");
    assert_eq!(lines[0]["agent_id"], "agent-lena", "most closed first");
    assert_eq!(
        (
            &lena_line["figures"]["requests"],
            &lena_line["figures"]["closed"],
            &lena_line["figures"]["satisfaction"]
        ),
        (&json!(2), &json!(2), &json!(4.0))
    );
    assert!(
        lines.iter().all(|a| a["agent_id"] != "agent-marco"),
        "Marco serves only the US store"
    );

    // Lena's own dashboard: the same figures, first of her team.
    let (status, mine) = server
        .get(
            &lena.token,
            &format!(
                "/api/v1/stats/me?from={DAY_START}&to={}&store_id=store-eu",
                DAY_START + DAY
            ),
        )
        .await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine["figures"], lena_line["figures"]);
    assert_eq!(mine["rank"], 1);

    // Lena inserts an article twice: the most used articles (KB-6).
    let (_, articles) = server.get(&lena.token, "/api/v1/articles?limit=200").await;
    let article = articles["items"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|a| a["uses"].as_i64())
        .expect("the demo has articles")
        .clone();
    for _ in 0..2 {
        let (status, body) = server
            .post(
                &lena.token,
                &format!("/api/v1/articles/{}/uses", article["id"].as_str().unwrap()),
                &json!({}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    // The reports of the day (STAT-3, STAT-4, TKT-5, KB-6).
    let (status, r) = server
        .get(
            &wei.token,
            &format!(
                "/api/v1/reports?from={DAY_START}&to={}&store_id=store-eu&utc_offset_minutes=0",
                DAY_START + DAY
            ),
        )
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        (&r["agents"][0]["agent_id"], &r["agents"][0]["rank"]),
        (&json!("agent-lena"), &json!(1))
    );
    assert_eq!(r["agents"][0]["figures"], lena_line["figures"]);
    assert!(
        (r["resolution_pct"].as_f64().unwrap() - 200.0 / 3.0).abs() < 1e-9,
        "2 closed of 3"
    );
    assert_eq!(r["within_target_pct"], 50.0, "1 of 2 answered within 30 s");
    let sources: i64 = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["requests"].as_i64().unwrap())
        .sum();
    assert_eq!(sources, 3);
    let tuesday: Vec<i64> = serde_json::from_value(r["heat_map"][1].clone()).unwrap();
    assert_eq!(
        (
            tuesday[9],
            tuesday[10],
            tuesday[11],
            tuesday.iter().sum::<i64>()
        ),
        (1, 1, 1, 3)
    );
    let questions: Vec<&str> = r["top_questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        questions,
        ["does the d11 fold?", "hello?", "where is my parcel?"],
        "lower-cased, by count then text"
    );
    assert_eq!(
        (
            &r["funnel_consults"],
            &r["funnel_carts"],
            &r["funnel_orders"]
        ),
        (&json!(3), &json!(1), &json!(1))
    );
    assert_eq!(
        r["tickets"],
        json!([{"kind": "logistics", "opened": 2, "share_pct": 100.0, "resolved": 1,
                "avg_handling_ms": HOUR, "within_sla": 1, "repeats": 1}])
    );
    let used = r["top_articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["article_id"] == article["id"])
        .expect("the used article is listed");
    assert_eq!(
        used["uses"],
        article["uses"].as_i64().unwrap_or_default() + 2
    );
    assert_eq!(
        server
            .get(
                &lena.token,
                &format!("/api/v1/reports?from={DAY_START}&to={}", DAY_START + DAY)
            )
            .await
            .0,
        403
    );

    // Agents see only their own figures; bad periods are refused.
    assert_eq!(team(&server, &lena.token).await.0, 403);
    let (status, body) = server
        .get(
            &wei.token,
            &format!("/api/v1/stats/team?from={DAY_START}&to={DAY_START}"),
        )
        .await;
    assert_eq!((status, body["error"]["field"].as_str()), (400, Some("to")));
    let (status, body) = rate(&server, &ben, 9).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (400, Some("score"))
    );
}

/// Lena's line in today's team figures of the European store.
async fn online_now(server: &TestServer, lead: &str) -> (i64, bool) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let (status, stats) = server
        .get(
            lead,
            &format!(
                "/api/v1/stats/team?from={}&to={}&store_id=store-eu",
                now - DAY,
                now
            ),
        )
        .await;
    assert_eq!(status, 200, "{stats}");
    let lena = stats["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Lena Vogel")
        .map(|a| a["online"].as_bool().unwrap())
        .unwrap();
    (stats["agents_online"].as_i64().unwrap(), lena)
}

/// Waits (polling the API, at most the test kit's WAIT) until `online_now` is `want`.
async fn until_online(server: &TestServer, lead: &str, want: (i64, bool)) {
    let deadline = std::time::Instant::now() + fiido_testkit::WAIT;
    loop {
        let seen = online_now(server, lead).await;
        if seen == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "online stayed {seen:?}, wanted {want:?}"
        );
        tokio::task::yield_now().await;
    }
}

/// Agents online are agents with a desk connected (STAT-1), recorded in the
/// database so every instance counts the same: none before Lena's desk
/// connects, her while it is, none again once it leaves.
#[tokio::test]
async fn agents_online_are_those_with_a_desk_connected() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    let lena = server.login("agent@demo.fiido").await;
    assert_eq!(online_now(&server, &lead.token).await, (0, false));

    let mut socket = server
        .agent_socket(&lena.token, server.head(&lena.token).await)
        .await;
    socket.until_caught_up().await;
    until_online(&server, &lead.token, (1, true)).await;

    socket.close().await;
    until_online(&server, &lead.token, (0, false)).await;
}
