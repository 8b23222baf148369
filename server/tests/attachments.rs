//! Files in conversations (issue 10, acceptance 3; MSG-3), from the desk's
//! route and from the widget's: a valid file becomes a message carrying it
//! and downloads unchanged; an oversized file, an `.exe` renamed `.pdf` and
//! an empty file are refused with their codes, and nothing of them is
//! stored (no message, no event, no file).

use fiido_protocol::attachments::ATTACHMENT_MAX_BYTES;
use fiido_testkit::TestServer;
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00";
const ZIP: &[u8] = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";

async fn upload(
    server: &TestServer,
    token: &str,
    path: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let response = server
        .http
        .post(server.url(&format!("{path}?name={name}")))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .expect("upload");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn download(server: &TestServer, token: &str, path: &str) -> (u16, Option<String>, Vec<u8>) {
    let response = server
        .http
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("download");
    let status = response.status().as_u16();
    let nosniff = response
        .headers()
        .get("x-content-type-options")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, nosniff, response.bytes().await.unwrap().to_vec())
}

/// Sends the bad files to `path` and checks each is refused with its code
/// and leaves nothing behind.
async fn bad_files_leave_nothing(server: &TestServer, token: &str, path: &str, reader: &str) {
    let head = server.head(reader).await;
    let mut big = PDF.to_vec();
    big.resize(ATTACHMENT_MAX_BYTES + 1, b' ');
    for (name, bytes, status, code) in [
        ("invoice.pdf", EXE, 415, "unsupported_media_type"),
        ("invoice.pdf", &b""[..], 400, "validation_failed"),
        ("huge.pdf", &big[..], 413, "too_large"),
        ("photo.png", PDF, 415, "unsupported_media_type"),
    ] {
        let (got, body) = upload(server, token, path, name, bytes).await;
        assert_eq!(
            (got, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{name}: {body}"
        );
    }
    assert_eq!(server.head(reader).await, head, "no message, no event");
    let exe_id = fiido_server::db::media::id_of(EXE);
    let (status, _, _) = download(server, reader, &format!("/api/v1/attachments/{exe_id}")).await;
    assert_eq!(status, 404, "the refused file is not stored");
}

#[tokio::test]
async fn an_agent_sends_a_pdf_and_bad_files_are_refused_leaving_nothing() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Koch").await;
    server
        .visitor_says(&visitor, "Can you send the invoice?")
        .await;
    let path = format!("/api/v1/conversations/{conversation}/attachments");

    let (status, message) =
        upload(&server, &lena.token, &path, "Invoice%20FD-100300.pdf", PDF).await;
    assert_eq!(status, 201, "{message}");
    let attachment = &message["attachment"];
    assert_eq!(attachment["name"], "Invoice FD-100300.pdf");
    assert_eq!(attachment["content_type"], "application/pdf");
    assert_eq!(attachment["size"], PDF.len());
    assert_eq!(message["body"], "Invoice FD-100300.pdf");
    let id = attachment["id"].as_str().unwrap();
    let (status, nosniff, bytes) =
        download(&server, &lena.token, &format!("/api/v1/attachments/{id}")).await;
    assert_eq!((status, nosniff.as_deref()), (200, Some("nosniff")));
    assert_eq!(bytes, PDF);
    // The customer gets it in their history and can fetch it.
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    assert!(history.to_string().contains("Invoice FD-100300.pdf"));
    let (status, _, bytes) = download(
        &server,
        &visitor,
        &format!("/api/v1/widget/attachments/{id}"),
    )
    .await;
    assert_eq!((status, bytes.as_slice()), (200, PDF));
    // An agent of the other store cannot.
    let marco = server.login("agent2@demo.fiido").await;
    let (status, _, _) =
        download(&server, &marco.token, &format!("/api/v1/attachments/{id}")).await;
    assert_eq!(status, 404);

    bad_files_leave_nothing(&server, &lena.token, &path, &lena.token).await;
}

#[tokio::test]
async fn a_customer_sends_a_zip_from_the_widget_and_bad_files_are_refused_leaving_nothing() {
    let server = TestServer::start_demo();
    let lena = server.login("agent@demo.fiido").await;
    let (visitor, _) = server.visitor("fiido-eu", "Jan Berg").await;
    server
        .visitor_says(&visitor, "Photos of the damage follow")
        .await;

    let (status, message) = upload(
        &server,
        &visitor,
        "/api/v1/widget/attachments",
        "photos.zip",
        ZIP,
    )
    .await;
    assert_eq!(status, 201, "{message}");
    assert_eq!(message["attachment"]["content_type"], "application/zip");
    assert_eq!(message["author"], "customer");
    let id = message["attachment"]["id"].as_str().unwrap();
    let (status, _, bytes) =
        download(&server, &lena.token, &format!("/api/v1/attachments/{id}")).await;
    assert_eq!((status, bytes.as_slice()), (200, ZIP));
    // Another visitor cannot fetch it.
    let (other, _) = server.visitor("fiido-eu", "Someone Else").await;
    let (status, _, _) =
        download(&server, &other, &format!("/api/v1/widget/attachments/{id}")).await;
    assert_eq!(status, 404);

    bad_files_leave_nothing(&server, &visitor, "/api/v1/widget/attachments", &lena.token).await;
}
