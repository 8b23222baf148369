//! Ctrl+K in the real app (issue 7, acceptance 2 in part): from the local
//! cache it finds a customer by a misspelt name, an order by its number and
//! a Chinese message by a 2-character fragment, and Enter opens the
//! conversation at the matching message; Ctrl+F finds within it.

use fantoccini::key::Key;
use fiido_e2e::{press_keys, testid, Desk};
use fiido_testkit::TestServer;

/// Opens the palette with a real Ctrl+K, types `query`, and waits for a
/// result of `kind` with `id`.
async fn search(desk: &Desk, query: &str, kind: &str, id: &str) -> String {
    press_keys("ctrl+k");
    let input = desk.element(&testid("search-input")).await;
    input.clear().await.expect("clear the search");
    input.send_keys(query).await.expect("type the query");
    let hit = format!("{}[data-kind={kind}][data-id='{id}']", testid("search-hit"));
    desk.until(&format!("{query} finds the {kind}"), || async {
        !desk.all(&hit).await.is_empty()
    })
    .await;
    hit
}

async fn open_selected(desk: &Desk, hit: &str) {
    desk.element(hit)
        .await
        .click()
        .await
        .expect("choose the result");
    desk.until("the palette closed", || async {
        desk.all(&testid("search-palette")).await.is_empty()
    })
    .await;
}

async fn open_conversation(desk: &Desk) -> Option<String> {
    desk.attribute(&testid("composer"), "data-conversation-id")
        .await
}

#[tokio::test]
async fn ctrl_k_finds_a_misspelt_name_an_order_number_and_a_chinese_fragment() {
    let server = TestServer::start_demo();
    let (visitor, chinese) = server.visitor("fiido-eu", "Wang Xiuying").await;
    let hello = server.visitor_says(&visitor, "你好").await;
    let hello_id = hello["id"].as_str().unwrap().to_owned();
    let message = server
        .visitor_says(&visitor, "我的电池充不进电了，充电器的灯一直是红色的")
        .await;
    let message_id = message["id"].as_str().unwrap().to_owned();
    server.visitor_says(&visitor, "谢谢").await;
    let (other, jonas) = server.visitor("fiido-eu", "Jonas Brandtner").await;
    server.visitor_says(&other, "Hallo?").await;

    let agent = server.login("agent@demo.fiido").await;
    let (_, conversations) = server
        .get(&agent.token, "/api/v1/conversations?limit=500")
        .await;
    let (_, orders) = server.get(&agent.token, "/api/v1/orders?limit=500").await;
    let chats_of = |customer: &str| -> Vec<String> {
        conversations["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["customer_id"] == customer)
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (order_id, number, order_conversation) = orders["items"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|o| {
            let chats = chats_of(o["customer_id"].as_str()?);
            (chats.len() == 1).then(|| {
                (
                    o["id"].as_str().unwrap().to_owned(),
                    o["number"].as_str().unwrap().to_owned(),
                    chats[0].clone(),
                )
            })
        })
        .expect("a demo order whose customer has one chat");

    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.until("the chats in the list", || async {
        !desk
            .all(&format!(
                "{}[data-id='{jonas}']",
                testid("conversation-item")
            ))
            .await
            .is_empty()
    })
    .await;

    // A customer by a misspelt name: "Brandnter" for Brandtner.
    let customer_id = server.get(&other, "/api/v1/widget/session").await.1["customer"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hit = search(&desk, "Jonas Brandnter", "customer", &customer_id).await;
    let marked = desk.texts(&format!("{hit} mark")).await;
    assert!(marked.iter().any(|m| m == "Jonas"), "{marked:?}");
    open_selected(&desk, &hit).await;
    desk.until("Jonas's chat open", || async {
        open_conversation(&desk).await.as_deref() == Some(jonas.as_str())
    })
    .await;

    // An order by its number.
    let hit = search(&desk, &number, "order", &order_id).await;
    open_selected(&desk, &hit).await;
    desk.until("the order's chat open", || async {
        open_conversation(&desk).await.as_deref() == Some(order_conversation.as_str())
    })
    .await;

    // A Chinese message by two of its characters, opened at that message.
    let hit = search(&desk, "电池", "message", &message_id).await;
    let marked = desk.texts(&format!("{hit} mark")).await;
    assert_eq!(marked, vec!["电池"]);
    assert_eq!(
        desk.attribute(&format!("{}.selected", testid("search-hit")), "data-id")
            .await
            .as_deref(),
        Some(message_id.as_str()),
        "the newest match comes first"
    );
    desk.element(&testid("search-input"))
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .ok();
    desk.until("the chat open at the message", || async {
        open_conversation(&desk).await.as_deref() == Some(chinese.as_str())
            && desk
                .attribute(
                    &format!("[data-focused=true] {}", testid("message")),
                    "data-id",
                )
                .await
                .as_deref()
                == Some(message_id.as_str())
    })
    .await;
    desk.screenshot("search-opened-at-message").await;

    // Ctrl+F finds within the open conversation and shows the match.
    press_keys("ctrl+f");
    desk.element(&testid("find-input"))
        .await
        .send_keys("你好")
        .await
        .expect("type in the find bar");
    desk.until("the greeting found and shown", || async {
        desk.texts(&testid("find-count")).await == vec!["1 of 1".to_owned()]
            && desk
                .attribute(
                    &format!("[data-focused=true] {}", testid("message")),
                    "data-id",
                )
                .await
                .as_deref()
                == Some(hello_id.as_str())
    })
    .await;
    desk.element(&testid("find-input"))
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("Esc");
    desk.until("the find bar closed", || async {
        desk.all(&testid("find-bar")).await.is_empty()
    })
    .await;
    desk.close().await;
}
