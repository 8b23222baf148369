//! Article images offline (issue 7, KB-2): after the first snapshot the desk
//! keeps the images its articles show, so they read the same with the
//! server gone.

mod common;

use common::{desk, until};
use fiido_desk_core::store::media_ids;
use fiido_testkit::TestServer;

#[tokio::test]
async fn the_images_articles_show_are_cached_for_offline_reading() {
    let mut server = TestServer::start_demo();
    let (store, engine, _) = desk(&server, "agent@demo.fiido").await;
    let warranty = store
        .articles()
        .unwrap()
        .into_iter()
        .find(|a| a.title.starts_with("Warranty coverage"))
        .expect("the demo warranty article");
    let ids = media_ids(&warranty.body);
    assert_eq!(ids.len(), 1, "it shows one image");
    until(&engine, "the image cached", || {
        store.media(&ids[0]).unwrap().is_some()
    })
    .await;
    server.stop();
    let (content_type, bytes) = store.media(&ids[0]).unwrap().unwrap();
    assert_eq!(content_type, "image/png");
    assert!(bytes.starts_with(b"\x89PNG"), "the image itself, offline");
    assert!(store.missing_media().unwrap().is_empty());
}
