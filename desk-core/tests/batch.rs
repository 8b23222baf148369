//! Batch actions (issue 8, CONV-10): several conversations tagged and closed
//! at once, offline, reach the server once each; their transcripts export
//! as CSV that a spreadsheet reads back exactly (commas, quotes, newlines).

mod common;

use common::{desk, until};
use fiido_desk_core::store::BatchAction;
use fiido_desk_core::views::LinkStatus;
use fiido_testkit::TestServer;

#[tokio::test]
async fn several_conversations_tagged_and_closed_offline_and_exported() {
    let mut server = TestServer::start_demo();
    let (one_visitor, one) = server.visitor("fiido-eu", "Ann, \"the\" buyer").await;
    server
        .visitor_says(&one_visitor, "Line one, with a comma\nand \"quotes\"")
        .await;
    let (two_visitor, two) = server.visitor("fiido-eu", "Ben").await;
    server.visitor_says(&two_visitor, "Hello").await;
    let (store, engine, login) = desk(&server, "agent@demo.fiido").await;
    until(&engine, "both conversations cached", || {
        store.conversation(&one).unwrap().is_some() && store.conversation(&two).unwrap().is_some()
    })
    .await;
    let ids = vec![one.clone(), two.clone()];

    server.stop();
    until(&engine, "offline", || {
        engine.link.borrow().status == LinkStatus::Offline
    })
    .await;
    let tagged = store
        .enqueue_batch(
            &ids,
            &BatchAction::Tag {
                tag: "campaign".into(),
            },
            &login.agent,
        )
        .unwrap();
    let closed = store
        .enqueue_batch(&ids, &BatchAction::Close, &login.agent)
        .unwrap();
    engine.outbox_changed();
    assert_eq!((tagged.done, closed.done), (2, 2));
    assert_eq!(
        engine.link.borrow().queued,
        4,
        "two tags and two closes queued"
    );
    let refused = store
        .enqueue_batch(&["nope".into()], &BatchAction::Close, &login.agent)
        .unwrap();
    assert_eq!((refused.done, refused.problems.len()), (0, 1));

    let csv = store.export_csv(&ids).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(&rows[0][1], "Ann, \"the\" buyer");
    assert_eq!(&rows[0][2], "closed");
    assert_eq!(&rows[0][3], "campaign");
    assert_eq!(&rows[0][6], "Line one, with a comma\nand \"quotes\"");
    assert!(rows[0][4].ends_with('Z'), "UTC time: {}", &rows[0][4]);

    server.restart();
    until(&engine, "the outbox drained", || {
        let link = engine.link.borrow();
        link.status == LinkStatus::Online && link.queued == 0
    })
    .await;
    for id in &ids {
        let (_, c) = server
            .get(&login.token, &format!("/api/v1/conversations/{id}"))
            .await;
        assert_eq!(
            (c["status"].as_str(), c["tags"].clone()),
            (Some("closed"), serde_json::json!(["campaign"]))
        );
    }
}
