//! An agent's own settings (QR-3) and a store's overdue threshold (AUTO-2):
//! stored by the server, checked, and sent as events to exactly who may see them.

use fiido_protocol::events::EventData;
use fiido_testkit::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

async fn reply_ids(server: &TestServer, token: &str) -> Vec<String> {
    let (status, page) = server.get(token, "/api/v1/quick-replies?limit=500").await;
    assert_eq!(status, 200);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn demo_agents_start_with_the_seed_slots_and_save_their_own() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (status, settings) = server.get(&agent.token, "/api/v1/me/settings").await;
    assert_eq!(status, 200);
    assert_eq!(settings["hotkey_scope"], "in_desk");
    assert_eq!(settings["slots"].as_array().unwrap().len(), 9);

    let ids = reply_ids(&server, &agent.token).await;
    let wanted = json!({
        "slots": [{"slot": 9, "quick_reply_id": ids[3]}, {"slot": 2, "quick_reply_id": ids[5]}],
        "hotkey_scope": "system_wide"
    });
    let (status, saved) = server
        .send(Method::PUT, &agent.token, "/api/v1/me/settings", &wanted)
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["slots"][0]["slot"], 2, "sorted by slot");
    let (_, read) = server.get(&agent.token, "/api/v1/me/settings").await;
    assert_eq!(read, saved);
}

#[tokio::test]
async fn bad_settings_are_refused_and_change_nothing() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let ids = reply_ids(&server, &agent.token).await;
    let cases: [Value; 4] = [
        json!({"slots": [{"slot": 10, "quick_reply_id": ids[0]}], "hotkey_scope": "in_desk"}),
        json!({"slots": [{"slot": 1, "quick_reply_id": ids[0]}, {"slot": 1, "quick_reply_id": ids[1]}], "hotkey_scope": "in_desk"}),
        json!({"slots": [{"slot": 1, "quick_reply_id": "no-such-reply"}], "hotkey_scope": "in_desk"}),
        json!({"slots": [], "hotkey_scope": "everywhere"}),
    ];
    for body in cases {
        let (status, error) = server
            .send(Method::PUT, &agent.token, "/api/v1/me/settings", &body)
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            error["error"]["code"], "validation_failed",
            "{body}: {error}"
        );
        assert!(!error["error"]["message"].as_str().unwrap().is_empty());
    }
    let (_, unchanged) = server.get(&agent.token, "/api/v1/me/settings").await;
    assert_eq!(unchanged["slots"].as_array().unwrap().len(), 9);
}

#[tokio::test]
async fn a_settings_change_reaches_that_agents_socket_and_no_one_elses() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let admin = server.login("admin@demo.fiido").await;
    let head = server.head(&agent.token).await;
    let mut mine = server.agent_socket(&agent.token, head).await;
    let mut admins = server.agent_socket(&admin.token, head).await;
    mine.until_caught_up().await;
    admins.until_caught_up().await;

    let body = json!({"slots": [], "hotkey_scope": "system_wide"});
    let (status, _) = server
        .send(Method::PUT, &agent.token, "/api/v1/me/settings", &body)
        .await;
    assert_eq!(status, 200);
    let (_, event) = mine.next_event().await;
    match event.data {
        EventData::AgentSettingsChanged { agent_id, settings } => {
            assert_eq!(agent_id, agent.agent.id);
            assert!(settings.slots.is_empty());
        }
        other => panic!("expected the settings change, got {other:?}"),
    }
    // The admin sees every store, yet not the agent's private change: the
    // next event the admin gets is a later, public one.
    let (visitor, _) = server.visitor("fiido-eu", "Nora").await;
    server.visitor_says(&visitor, "hello").await;
    let (_, next) = admins.next_event().await;
    assert!(
        !matches!(next.data, EventData::AgentSettingsChanged { .. }),
        "{next:?}"
    );
    let (_, page) = server
        .get(&admin.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert!(page["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["data"]["kind"] != "agent_settings_changed"));
}

#[tokio::test]
async fn only_admins_set_a_stores_overdue_threshold_and_every_desk_hears_of_it() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let admin = server.login("admin@demo.fiido").await;
    let store = agent.agent.store_ids[0].clone();
    let path = format!("/api/v1/stores/{store}");
    let body = json!({"overdue_after_secs": 45});
    for token in [&agent.token, &lead.token] {
        let (status, _) = server.send(Method::PATCH, token, &path, &body).await;
        assert_eq!(status, 403);
    }
    let (status, error) = server
        .send(
            Method::PATCH,
            &admin.token,
            &path,
            &json!({"overdue_after_secs": 2}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (400, Some("overdue_after_secs"))
    );
    let (status, _) = server
        .send(Method::PATCH, &admin.token, "/api/v1/stores/nope", &body)
        .await;
    assert_eq!(status, 404);

    let head = server.head(&agent.token).await;
    let mut socket = server.agent_socket(&agent.token, head).await;
    socket.until_caught_up().await;
    let (status, saved) = server.send(Method::PATCH, &admin.token, &path, &body).await;
    assert_eq!(
        (status, saved["overdue_after_secs"].as_i64()),
        (200, Some(45))
    );
    let (_, event) = socket.next_event().await;
    match event.data {
        EventData::StoreUpserted { store: s } => {
            assert_eq!((s.id, s.overdue_after_secs), (store, 45))
        }
        other => panic!("expected the store change, got {other:?}"),
    }
}
