//! Files from the desk (issue 10, acceptance 3; MSG-3): the agent picks a
//! PDF and it reaches the conversation as a file the customer can fetch; an
//! `.exe` renamed `.pdf` and an empty file are refused in the desk with the
//! reason, nothing reaches the server, and the reply being typed stays; a
//! file in the chat is saved into Downloads unchanged.

use fiido_e2e::{composer_of, testid, Desk};
use fiido_testkit::TestServer;

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8\x00\x00\x00";

#[tokio::test]
async fn a_pdf_is_sent_bad_files_are_refused_in_the_desk_and_a_file_is_saved() {
    let server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Mia Invoice").await;
    server
        .visitor_says(&visitor, "Could you send me the invoice?")
        .await;
    let lena = server.login("agent@demo.fiido").await;
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;
    desk.element(&composer_of(&conversation))
        .await
        .send_keys("Here it is")
        .await
        .expect("type");

    // A good PDF.
    desk.element(&testid("attach-file"))
        .await
        .send_keys(&file("Invoice FD-100300.pdf", PDF))
        .await
        .expect("pick the PDF");
    desk.until("the file in the chat", || async {
        desk.texts(&testid("attachment"))
            .await
            .concat()
            .contains("Invoice FD-100300.pdf")
    })
    .await;
    let (_, history) = server.get(&visitor, "/api/v1/widget/messages").await;
    let sent = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["attachment"]["name"] == "Invoice FD-100300.pdf")
        .expect("the customer has it")
        .clone();
    assert_eq!(sent["attachment"]["content_type"], "application/pdf");
    let head = server.head(&lena.token).await;

    // Refused in the desk, with the reason; nothing reaches the server.
    for (name, bytes, reason) in [
        ("evil.pdf", EXE, "evil.pdf is"),
        ("empty.pdf", &b""[..], "empty.pdf is empty"),
    ] {
        desk.element(&testid("attach-file"))
            .await
            .send_keys(&file(name, bytes))
            .await
            .expect("pick the file");
        desk.until(&format!("{name} refused"), || async {
            desk.texts(&testid("composer-error"))
                .await
                .concat()
                .contains(reason)
        })
        .await;
    }
    assert_eq!(server.head(&lena.token).await, head, "nothing sent");
    assert_eq!(
        desk.composer_text(&conversation).await,
        "Here it is",
        "the reply stays"
    );
    desk.screenshot("file-sent").await;

    // Saved into Downloads, unchanged.
    desk.click(&testid("save-file")).await;
    desk.until("saved", || async {
        !desk.texts(&testid("file-saved")).await.is_empty()
    })
    .await;
    let text = desk.texts(&testid("file-saved")).await.concat();
    let path = text
        .trim()
        .strip_prefix("Saved to ")
        .expect("a path")
        .to_owned();
    assert_eq!(std::fs::read(&path).unwrap(), PDF);
    let _ = std::fs::remove_file(path);
    desk.close().await;
}
