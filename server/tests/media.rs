//! Article images (issue 7, KB-2): leads and admins upload PNG, JPEG, GIF or
//! WebP, checked by their bytes; the id is the bytes' SHA-256, so a repeat
//! is stored once; anyone fetches an image by id with its own type, cached
//! for good. Bad input answers with its code.

use fiido_testkit::TestServer;
use serde_json::Value;

const PNG: &[u8] = include_bytes!("../../assets/demo/frame-number.png");

async fn upload(
    server: &TestServer,
    token: &str,
    content_type: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let response = server
        .http
        .post(server.url("/api/v1/media"))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_lead_uploads_an_image_once_and_anyone_fetches_it_by_its_hash() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    let agent = server.login("agent@demo.fiido").await;

    let (status, error) = upload(&server, &agent.token, "image/png", PNG).await;
    assert_eq!(
        (status, error["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );

    let (status, first) = upload(&server, &lead.token, "image/png", PNG).await;
    assert_eq!(status, 201, "{first}");
    let (_, again) = upload(&server, &lead.token, "image/png", PNG).await;
    assert_eq!(first, again, "the same bytes, the same id");
    let id = first["id"].as_str().unwrap();
    assert_eq!(id.len(), 64);
    assert_eq!(
        first["url"].as_str(),
        Some(format!("/api/v1/media/{id}").as_str())
    );

    let response = server
        .http
        .get(server.url(&format!("/api/v1/media/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(response.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test]
async fn bad_images_are_refused_with_their_code() {
    let server = TestServer::start_demo();
    let lead = server.login("lead@demo.fiido").await;
    for (path, status) in [
        ("/api/v1/media/not-a-hash", 400),
        (&format!("/api/v1/media/{}", "0".repeat(64))[..], 404),
    ] {
        let (got, _) = server.get(&lead.token, path).await;
        assert_eq!(got, status, "{path}");
    }
    // The oversized upload goes last: the server answers before reading it
    // all and closes that connection.
    for (content_type, bytes, status, code) in [
        (
            "image/svg+xml",
            b"<svg onload=alert(1)>".to_vec(),
            415,
            "unsupported_media_type",
        ),
        (
            "image/png",
            b"GIF89a not a png".to_vec(),
            400,
            "validation_failed",
        ),
        ("image/jpeg", Vec::new(), 400, "validation_failed"),
        ("image/png", vec![0u8; 2 * 1024 * 1024], 413, "too_large"),
    ] {
        let (got, error) = upload(&server, &lead.token, content_type, &bytes).await;
        assert_eq!(
            (got, error["error"]["code"].as_str()),
            (status, Some(code)),
            "{content_type}, {} bytes: {error}",
            bytes.len()
        );
    }
}
