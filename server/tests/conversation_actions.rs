//! Organising and handing over conversations (issue 8, acceptance 5 for
//! these routes): pin, star, tag, close and reopen; internal notes that the
//! customer never sees and that notify @mentioned colleagues; claim and
//! transfer with roles (an agent cannot reassign a colleague's conversation,
//! a lead can) and the race of two claims answered 409 with who was first.

use fiido_testkit::{event_kinds, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn pin_star_tag_close_and_reopen_with_bad_input_refused() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server.visitor_says(&visitor, "Hello?").await;
    let path = format!("/api/v1/conversations/{conversation}");

    let (status, c) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"pinned": true, "starred": true, "tags": ["refund", "refund", "Late parcel"]}),
        )
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(
        (c["pinned"].as_bool(), c["starred"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(
        c["tags"],
        json!(["refund", "Late parcel"]),
        "duplicates dropped"
    );
    let (_, c) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(c["status"], "closed");
    let (_, c) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"status": "active"}),
        )
        .await;
    assert_eq!(c["status"], "active");

    for (body, code, field) in [
        (json!({"status": "waiting"}), 400, "status"),
        (json!({"tags": ["x".repeat(41)]}), 413, "tags"),
        (
            json!({"tags": (0..21).map(|i| format!("t{i}")).collect::<Vec<_>>()}),
            400,
            "tags",
        ),
    ] {
        let (status, error) = server.send(Method::PATCH, &agent.token, &path, &body).await;
        assert_eq!(
            (status, error["error"]["field"].as_str()),
            (code, Some(field)),
            "{body}: {error}"
        );
    }
    let (status, _) = server
        .send(
            Method::PATCH,
            &agent.token,
            &path,
            &json!({"pinned": "yes"}),
        )
        .await;
    assert_eq!(status, 400);

    let us_agent = server.login("agent2@demo.fiido").await;
    let (status, _) = server
        .send(
            Method::PATCH,
            &us_agent.token,
            &path,
            &json!({"pinned": false}),
        )
        .await;
    assert_eq!(
        status, 404,
        "another store's conversation is not theirs to know of"
    );
}

#[tokio::test]
async fn a_note_stays_with_the_team_and_notifies_whom_it_mentions() {
    let server = TestServer::start_demo();
    let agent = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server.visitor_says(&visitor, "My battery is dead").await;
    let head = server.head(&lead.token).await;
    let mut widget = server.visitor_socket(&visitor, 0).await;

    let request = server
        .http
        .post(server.url(&format!("/api/v1/conversations/{conversation}/notes")))
        .bearer_auth(&agent.token)
        .header("Idempotency-Key", "note-1")
        .json(&json!({"body": "Out of warranty? @Wei please decide", "client_id": "note-1"}));
    let first: Value = request
        .try_clone()
        .unwrap()
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again: Value = request.send().await.unwrap().json().await.unwrap();
    assert_eq!(first, again, "a repeat adds nothing");
    assert_eq!(first["author"], "note");

    let (_, for_lead) = server
        .get(&lead.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(event_kinds(&for_lead), vec!["note_added", "mentioned"]);
    assert_eq!(for_lead["events"][1]["data"]["by"], "Lena Vogel");
    let (_, for_agent) = server
        .get(&agent.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(
        event_kinds(&for_agent),
        vec!["note_added"],
        "the mention is Wei's alone"
    );

    // The customer sees their own message, never the note.
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    let authors: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, vec!["customer"]);
    server.visitor_says(&visitor, "Hello?").await;
    let next = widget.next_message().await;
    assert_eq!(next["body"], "My battery is dead");
    let next = widget.next_message().await;
    assert_eq!(
        next["body"], "Hello?",
        "the note never reached the widget's socket"
    );

    let (status, error) = server
        .post(
            &agent.token,
            &format!("/api/v1/conversations/{conversation}/notes"),
            &json!({"body": "   "}),
        )
        .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (400, Some("body"))
    );
}

#[tokio::test]
async fn agents_claim_and_pass_on_their_own_leads_reassign_any_and_the_second_claim_loses() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let marco = server.login("agent2@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-us", "Joe Black").await;
    server.visitor_says(&visitor, "Which bike for me?").await;
    let path = format!("/api/v1/conversations/{conversation}/assignment");

    let (status, c) = server
        .post(&marco.token, &path, &json!({"assignee_id": marco.agent.id}))
        .await;
    assert_eq!(
        (status, c["assignee_id"].as_str()),
        (200, Some(marco.agent.id.as_str()))
    );

    let (status, error) = server
        .post(&lena.token, &path, &json!({"assignee_id": lena.agent.id}))
        .await;
    assert_eq!(status, 404, "Lena does not serve the US store: {error}");

    // A lead takes over a colleague's conversation.
    let (status, c) = server
        .post(
            &lead.token,
            &path,
            &json!({"assignee_id": lead.agent.id, "note": "I'll take this one"}),
        )
        .await;
    assert_eq!(
        (status, c["assignee_id"].as_str()),
        (200, Some(lead.agent.id.as_str()))
    );

    let (status, error) = server
        .post(&marco.token, &path, &json!({"assignee_id": marco.agent.id}))
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (409, Some("conflict")),
        "{error}"
    );
    assert!(error["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Wei Zhang"));
    let (status, error) = server
        .post(&marco.token, &path, &json!({"assignee_id": null}))
        .await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );

    let head = server.head(&marco.token).await;
    let (status, c) = server
        .post(
            &lead.token,
            &path,
            &json!({"assignee_id": marco.agent.id, "note": "He wants the D11, over to you"}),
        )
        .await;
    assert_eq!(
        (status, c["assignee_id"].as_str()),
        (200, Some(marco.agent.id.as_str()))
    );
    let (_, events) = server
        .get(&marco.token, &format!("/api/v1/events?after={head}"))
        .await;
    assert_eq!(
        event_kinds(&events),
        vec!["conversation_upserted", "note_added", "mentioned"]
    );
    assert_eq!(
        events["events"][1]["data"]["message"]["body"],
        "Transferred to Marco Rossi: He wants the D11, over to you"
    );

    let (status, error) = server
        .post(&lead.token, &path, &json!({"assignee_id": lena.agent.id}))
        .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (400, Some("assignee_id")),
        "Lena does not serve the US store"
    );
}

#[tokio::test]
async fn a_reply_is_recalled_by_its_author_within_two_minutes_only() {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    let set = |ms: i64| std::fs::write(&clock, ms.to_string()).unwrap();
    let start = 1_795_000_000_000_i64;
    set(start);
    let server = TestServer::start(&["--demo", "--clock-file", clock.to_str().unwrap()]);
    let lena = server.login("agent@demo.fiido").await;
    let lead = server.login("lead@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server.visitor_says(&visitor, "Hello").await;
    let messages = format!("/api/v1/conversations/{conversation}/messages");
    let (_, first) = server
        .post(&lena.token, &messages, &json!({"body": "Wrong link"}))
        .await;
    let (_, second) = server
        .post(&lena.token, &messages, &json!({"body": "Right link"}))
        .await;
    let recall = |m: &Value| format!("{messages}/{}/recall", m["id"].as_str().unwrap());

    let (status, error) = server.post(&lead.token, &recall(&first), &json!({})).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    set(start + 119_000);
    let (status, recalled) = server.post(&lena.token, &recall(&first), &json!({})).await;
    assert_eq!(
        (
            status,
            recalled["state"].as_str(),
            recalled["body"].as_str()
        ),
        (200, Some("recalled"), Some(""))
    );
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert!(
        !history.to_string().contains("Wrong link"),
        "the text is gone from the server"
    );
    set(start + 121_000);
    let (status, error) = server.post(&lena.token, &recall(&second), &json!({})).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (409, Some("conflict"))
    );

    let (status, _) = server
        .post(
            &lena.token,
            &format!("/api/v1/conversations/{conversation}/typing"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    let us = server.login("agent2@demo.fiido").await;
    let (status, _) = server
        .post(
            &us.token,
            &format!("/api/v1/conversations/{conversation}/typing"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 404, "another store's conversation");
}

#[tokio::test]
async fn a_snoozed_conversation_comes_back_when_due_or_when_the_customer_writes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = dir.path().join("clock");
    let set = |ms: i64| std::fs::write(&clock, ms.to_string()).unwrap();
    let start = 1_795_000_000_000_i64;
    set(start);
    let server = TestServer::start(&["--demo", "--clock-file", clock.to_str().unwrap()]);
    let lena = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "I will send the photo tomorrow")
        .await;
    let path = format!("/api/v1/conversations/{conversation}");

    for bad in [start - 1, start + 91 * 24 * 3600 * 1000] {
        let (status, error) = server
            .send(
                Method::PATCH,
                &lena.token,
                &path,
                &json!({"snoozed_until": bad}),
            )
            .await;
        assert_eq!(
            (status, error["error"]["field"].as_str()),
            (400, Some("snoozed_until"))
        );
    }
    let (status, c) = server
        .send(
            Method::PATCH,
            &lena.token,
            &path,
            &json!({"snoozed_until": start + 3_600_000}),
        )
        .await;
    assert_eq!((status, c["status"].as_str()), (200, Some("snoozed")));

    // Due: the sweep brings it back, and every desk hears of it.
    let head = server.head(&lena.token).await;
    let mut socket = server.agent_socket(&lena.token, head).await;
    set(start + 3_600_000);
    let woken = loop {
        if let fiido_protocol::ws::AgentFrame::Event { event, .. } = socket.next().await {
            if let fiido_protocol::events::EventData::ConversationUpserted { conversation: c } =
                event.data
            {
                if c.id == conversation {
                    break c;
                }
            }
        }
    };
    assert_eq!(
        woken.status,
        fiido_protocol::model::ConversationStatus::Active
    );
    assert_eq!(woken.snoozed_until, None);

    // Snoozed again, the customer writes: it waits for an answer at once.
    server
        .send(
            Method::PATCH,
            &lena.token,
            &path,
            &json!({"snoozed_until": start + 7_200_000}),
        )
        .await;
    server.visitor_says(&visitor, "Here is the photo").await;
    let (_, c) = server.get(&lena.token, &path).await;
    assert_eq!(
        (c["status"].as_str(), c["snoozed_until"].clone()),
        (Some("waiting"), Value::Null)
    );
}
