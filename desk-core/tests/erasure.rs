//! A customer erased on request (issue 12, CUST-6) disappears from a synced
//! desk's cache: after the `customer_erased` event, the cache file and its
//! WAL hold neither their name, e-mail nor any message text, and search
//! finds nothing of them; the agent's draft for them goes too.

mod common;

use std::sync::Arc;

use common::until;
use fiido_desk_core::store::Store;
use fiido_desk_core::sync::{spawn, ApiClient};
use fiido_testkit::{files_containing, TestServer};
use serde_json::{json, Value};

const NAME: &str = "Hildegard Vossenkuhl";
const EMAIL: &str = "hildegard.vossenkuhl@example.org";
const TEXT: &str = "Bitte liefern Sie an meine Nachbarin Frau Oberndorfer";

#[tokio::test]
async fn an_erased_customer_leaves_no_trace_in_a_synced_cache() {
    let server = TestServer::start_demo();
    let dir = tempfile::tempdir().unwrap();
    let login = ApiClient::login(&server.base, "agent@demo.fiido", "demo")
        .await
        .unwrap();
    let store = Arc::new(Store::open(&dir.path().join("cache.sqlite3")).unwrap());
    let engine = spawn(
        store.clone(),
        ApiClient::new(&server.base, login.token.clone()),
    );
    until(&engine, "the first snapshot", || {
        store.has_snapshot().unwrap()
    })
    .await;

    let response = server
        .http
        .post(server.url("/api/v1/widget/sessions"))
        .json(&json!({"store": "fiido-eu", "name": NAME, "email": EMAIL}))
        .send()
        .await
        .unwrap();
    let session: Value = response.json().await.unwrap();
    let visitor = session["token"].as_str().unwrap().to_owned();
    let customer = session["customer"]["id"].as_str().unwrap().to_owned();
    let conversation = session["conversation_id"].as_str().unwrap().to_owned();
    server.visitor_says(&visitor, TEXT).await;
    until(&engine, "the customer's message in the cache", || {
        store
            .conversation_detail(&conversation)
            .unwrap()
            .is_some_and(|d| d.messages.iter().any(|m| m.body == TEXT))
    })
    .await;
    store
        .save_draft(&conversation, "Liebe Frau Vossenkuhl,")
        .unwrap();
    let found = store.search("Oberndorfer", 5).unwrap();
    assert_eq!(found.messages.len(), 1, "search finds the message");
    assert!(
        !files_containing(dir.path(), "Oberndorfer").is_empty(),
        "the check sees text while it is stored"
    );

    let lead = server.login("lead@demo.fiido").await;
    let (status, report) = server
        .erase_customer(&lead.token, &customer, "delete", "GDPR request")
        .await;
    assert_eq!(status, 200, "{report}");
    until(&engine, "the conversation gone from the cache", || {
        store.conversation_detail(&conversation).unwrap().is_none()
    })
    .await;

    for needle in [NAME, EMAIL, TEXT, "Oberndorfer", "Vossenkuhl"] {
        assert_eq!(
            files_containing(dir.path(), needle),
            Vec::<String>::new(),
            "{needle:?} is still in the cache files"
        );
    }
    let found = store.search("Oberndorfer", 5).unwrap();
    assert!(found.messages.is_empty() && found.customers.is_empty());
    assert_eq!(store.draft(&conversation).unwrap(), None);
    drop(engine);
}
