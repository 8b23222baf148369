//! Automatic replies on the real server with a fake clock (issue 8,
//! acceptance 3): welcome on the first message, the offline notice outside
//! the store's hours in its own time zone (a weekend, a holiday, both sides
//! of a DST change), the wait notice with the queue place, keyword answers
//! in the customer's language; each sent as the bot and never twice for
//! one trigger in a conversation. Admins edit the rules; bad rules are 400.

use std::path::{Path, PathBuf};

use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

struct Clock(PathBuf);

impl Clock {
    fn at(&self, iso: &str) {
        let ms = iso
            .parse::<jiff::Timestamp>()
            .expect("an ISO instant")
            .as_millisecond();
        std::fs::write(&self.0, ms.to_string()).expect("write the clock");
    }
}

fn start(dir: &Path) -> (TestServer, Clock) {
    let clock = Clock(dir.join("clock"));
    clock.at("2026-11-26T09:00:00Z");
    let path = clock.0.to_str().unwrap().to_owned();
    (TestServer::start(&["--demo", "--clock-file", &path]), clock)
}

fn rules() -> Value {
    let day = json!({"open": "09:00", "close": "18:00"});
    json!({
        "hours": {"week": [day, day, day, day, day, null, null], "holidays": ["2026-12-24"]},
        "welcome": [{"language": "en", "body": "Welcome to Fiido!"}, {"language": "de", "body": "Willkommen bei Fiido!"}],
        "offline": [{"language": "en", "body": "We are closed; we answer from 9:00."}, {"language": "de", "body": "Wir sind gerade nicht da."}],
        "wait": [{"language": "en", "body": "All agents are busy: you are number {position}."}],
        "faq": [{
            "keywords": ["opening hours", "Öffnungszeiten", "营业时间"],
            "answer": [{"language": "en", "body": "Mon–Fri 9:00–18:00."}, {"language": "zh", "body": "周一至周五 9:00–18:00。"}]
        }]
    })
}

/// A new visitor of `store` in `language`; their token.
async fn visitor(server: &TestServer, store: &str, language: &str) -> String {
    let response = server
        .http
        .post(server.url("/api/v1/widget/sessions"))
        .json(&json!({"store": store, "name": "Kim", "language": language}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    session["token"].as_str().unwrap().to_owned()
}

/// What the bot said in the visitor's conversation, in order.
async fn bot_said(server: &TestServer, token: &str) -> Vec<String> {
    let (_, history) = server.get(token, "/api/v1/widget/messages").await;
    history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["author"] == "bot")
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn welcome_keyword_offline_and_holiday_each_once_in_the_stores_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    let (server, clock) = start(dir.path());
    let admin = server.login("admin@demo.fiido").await;
    let (status, saved) = server
        .send(
            Method::PUT,
            &admin.token,
            "/api/v1/stores/store-eu/auto-replies",
            &rules(),
        )
        .await;
    assert_eq!(status, 200, "{saved}");

    // Thursday 10:00 in Berlin: open. Welcome in German, then the keyword answer once.
    let kim = visitor(&server, "fiido-eu", "de").await;
    server.visitor_says(&kim, "Hallo").await;
    assert_eq!(bot_said(&server, &kim).await, vec!["Willkommen bei Fiido!"]);
    server
        .visitor_says(&kim, "Was sind eure Öffnungszeiten?")
        .await;
    server.visitor_says(&kim, "Öffnungszeiten bitte?").await;
    assert_eq!(
        bot_said(&server, &kim).await,
        vec!["Willkommen bei Fiido!", "Mon–Fri 9:00–18:00."],
        "no German answer: English; and only once"
    );

    // Saturday: closed. Welcome and the offline notice, the notice once.
    clock.at("2026-11-28T10:00:00Z");
    let sat = visitor(&server, "fiido-eu", "en").await;
    server.visitor_says(&sat, "Anyone there?").await;
    server.visitor_says(&sat, "Hello??").await;
    assert_eq!(
        bot_said(&server, &sat).await,
        vec!["Welcome to Fiido!", "We are closed; we answer from 9:00."]
    );

    // Christmas Eve is a Thursday but a holiday; 17:30 UTC on a weekday is
    // 18:30 in Berlin: closed; 16:30 UTC is 17:30: open.
    for (at, closed) in [
        ("2026-12-24T10:00:00Z", true),
        ("2026-12-01T17:30:00Z", true),
        ("2026-12-01T16:30:00Z", false),
    ] {
        clock.at(at);
        let v = visitor(&server, "fiido-eu", "en").await;
        server.visitor_says(&v, "Hi").await;
        let said = bot_said(&server, &v).await;
        assert_eq!(
            said.iter().any(|s| s.starts_with("We are closed")),
            closed,
            "{at}: {said:?}"
        );
    }
}

#[tokio::test]
async fn opening_follows_the_dst_change_and_a_queued_customer_hears_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let (server, clock) = start(dir.path());
    let admin = server.login("admin@demo.fiido").await;
    // The US store is in Los Angeles, which springs forward on 2026-03-08.
    let (status, _) = server
        .send(
            Method::PUT,
            &admin.token,
            "/api/v1/stores/store-us/auto-replies",
            &rules(),
        )
        .await;
    assert_eq!(status, 200);
    for (at, closed) in [
        // Friday 08:30 PST (UTC-8): closed.
        ("2026-03-06T16:30:00Z", true),
        // Monday 09:30 PDT (UTC-7): the same UTC hour is open now.
        ("2026-03-09T16:30:00Z", false),
    ] {
        clock.at(at);
        let v = visitor(&server, "fiido-us", "en").await;
        server.visitor_says(&v, "Hi").await;
        let said = bot_said(&server, &v).await;
        assert_eq!(
            said.iter().any(|s| s.starts_with("We are closed")),
            closed,
            "{at}: {said:?}"
        );
    }

    // Marco, the US agent, is away: the next customer queues and hears
    // their place, once.
    clock.at("2026-03-10T17:00:00Z");
    let marco = server.login("agent2@demo.fiido").await;
    let (_, mut settings) = server.get(&marco.token, "/api/v1/me/settings").await;
    settings["status"] = json!("away");
    server
        .send(Method::PUT, &marco.token, "/api/v1/me/settings", &settings)
        .await;
    let first = visitor(&server, "fiido-us", "en").await;
    server.visitor_says(&first, "Hi").await;
    let second = visitor(&server, "fiido-us", "en").await;
    server.visitor_says(&second, "Hi").await;
    server.visitor_says(&second, "Still there?").await;
    assert_eq!(
        bot_said(&server, &second).await,
        vec![
            "Welcome to Fiido!",
            "All agents are busy: you are number 2."
        ]
    );
}

#[tokio::test]
async fn only_admins_change_the_rules_and_bad_rules_are_refused() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    let admin = server.login("admin@demo.fiido").await;
    let path = "/api/v1/stores/store-eu/auto-replies";
    let (status, _) = server.get(&lead.token, path).await;
    assert_eq!(status, 200, "leads read them");
    let (status, error) = server.send(Method::PUT, &lead.token, path, &rules()).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let agent = server.login("agent@demo.fiido").await;
    let (status, _) = server.get(&agent.token, path).await;
    assert_eq!(status, 403);

    let mut bad_week = rules();
    bad_week["hours"]["week"] =
        json!([{"open": "18:00", "close": "09:00"}, null, null, null, null, null, null]);
    let mut short_week = rules();
    short_week["hours"]["week"] = json!([null]);
    let mut bad_holiday = rules();
    bad_holiday["hours"]["holidays"] = json!(["24.12.2026"]);
    let mut empty_rule = rules();
    empty_rule["faq"][0]["keywords"] = json!([]);
    let mut bad_language = rules();
    bad_language["welcome"][0]["language"] = json!("English!");
    for (body, field) in [
        (bad_week, "hours"),
        (short_week, "hours"),
        (bad_holiday, "holidays"),
        (empty_rule, "faq"),
        (bad_language, "welcome"),
    ] {
        let (status, error) = server.send(Method::PUT, &admin.token, path, &body).await;
        assert_eq!(
            (status, error["error"]["field"].as_str()),
            (400, Some(field)),
            "{error}"
        );
    }
    let (status, _) = server
        .send(
            Method::PUT,
            &admin.token,
            "/api/v1/stores/nope/auto-replies",
            &rules(),
        )
        .await;
    assert_eq!(status, 404);
}
