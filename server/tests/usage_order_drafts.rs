//! Usage counts, reordering and draft articles (issue 7): an insertion
//! counts once per key and reaches the desks; a list is reordered only by
//! who may change it; a draft and its changes reach leads and admins, never
//! agents, and an article taken back to draft leaves the agents' desks.

use fiido_protocol::ws::AgentFrame;
use fiido_testkit::{event_kinds, TestServer};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_insertion_counts_once_per_key_and_every_desk_hears_the_total() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let other = server.login("agent2@demo.fiido").await;
    let head = server.head(&agent.token).await;
    let (_, replies) = server
        .get(&agent.token, "/api/v1/quick-replies?limit=500")
        .await;
    let reply = &replies["items"][0];
    let before = reply["uses"].as_i64().unwrap();
    let path = server.url(&format!(
        "/api/v1/quick-replies/{}/uses",
        reply["id"].as_str().unwrap()
    ));
    for key in ["use-1", "use-1", "use-2"] {
        let response = server
            .http
            .post(&path)
            .bearer_auth(&agent.token)
            .header("Idempotency-Key", key)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let (_, events) = server
        .get(&other.token, &format!("/api/v1/events?after={head}"))
        .await;
    let totals: Vec<i64> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["data"]["kind"] == "usage_counted")
        .map(|e| e["data"]["uses"].as_i64().unwrap())
        .collect();
    assert_eq!(totals, vec![before + 1, before + 2], "two keys, two counts");

    let (status, error) = server
        .post(
            &agent.token,
            "/api/v1/articles/no-such-article/uses",
            &json!({}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
}

#[tokio::test]
async fn admins_reorder_shared_team_replies_and_agents_may_not() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("admin@demo.fiido").await;
    let (_, replies) = server
        .get(&lead.token, "/api/v1/quick-replies?limit=500")
        .await;
    let mut team: Vec<(i64, String)> = replies["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["position"].as_i64().unwrap(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    team.sort();
    let mut ids: Vec<String> = team.into_iter().map(|(_, id)| id).collect();
    ids.swap(0, 1);

    let order = json!({ "ids": ids });
    let (status, error) = server
        .send(
            Method::PUT,
            &agent.token,
            "/api/v1/quick-replies/order",
            &order,
        )
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let (status, moved) = server
        .send(
            Method::PUT,
            &lead.token,
            "/api/v1/quick-replies/order",
            &order,
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved[0]["id"].as_str(), Some(ids[0].as_str()));
    assert_eq!(moved[0]["position"], 1);
    assert_eq!(moved[1]["position"], 2);

    for (bad, field) in [
        (json!({ "ids": [] }), "ids"),
        (json!({ "ids": [ids[0], ids[0]] }), "ids"),
    ] {
        let (status, error) = server
            .send(
                Method::PUT,
                &lead.token,
                "/api/v1/quick-replies/order",
                &bad,
            )
            .await;
        assert_eq!(
            (
                status,
                error["error"]["code"].as_str(),
                error["error"]["field"].as_str()
            ),
            (400, Some("validation_failed"), Some(field))
        );
    }
    let (status, _) = server
        .send(
            Method::PUT,
            &lead.token,
            "/api/v1/quick-replies/order",
            &json!({ "ids": ["no-such-reply"] }),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn drafts_reach_leads_only_and_a_withdrawn_article_leaves_the_agents() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let head = server.head(&agent.token).await;
    let mut socket = server.agent_socket(&agent.token, head).await;

    let (status, draft) = server
        .post(
            &lead.token,
            "/api/v1/articles",
            &json!({
                "category_path": ["logistics"],
                "title": "Unfinished",
                "body": "Not ready.",
                "language": "en",
                "visibility": "draft"
            }),
        )
        .await;
    assert_eq!(status, 201);
    let path = format!("/api/v1/articles/{}", draft["id"].as_str().unwrap());
    let (status, _) = server
        .send(
            Method::PATCH,
            &lead.token,
            &path,
            &json!({"visibility": "public"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = server
        .send(
            Method::PATCH,
            &lead.token,
            &path,
            &json!({"visibility": "draft"}),
        )
        .await;
    assert_eq!(status, 200);

    let (_, for_agent) = server
        .get(&agent.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(
        event_kinds(&for_agent),
        vec!["article_upserted", "article_withdrawn"],
        "the agent hears of the published article and its withdrawal, not the drafts"
    );
    let (_, for_lead) = server
        .get(&lead.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(
        event_kinds(&for_lead),
        vec![
            "article_upserted",
            "article_upserted",
            "article_withdrawn",
            "article_upserted"
        ]
    );

    // The live socket filters the same way.
    let mut live = Vec::new();
    while live.len() < 2 {
        if let AgentFrame::Event { event, .. } = socket.next().await {
            live.push(event.data.kind().to_owned());
        }
    }
    assert_eq!(live, vec!["article_upserted", "article_withdrawn"]);
    let (status, _) = server
        .post(&agent.token, &format!("{path}/uses"), &json!({}))
        .await;
    assert_eq!(status, 404, "an agent cannot use a draft");
}
