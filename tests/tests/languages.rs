//! The workbench in five languages (issue 12, PLAT-6) and suggested
//! articles (KB-7). The agent switches the language in Settings; the whole
//! workbench follows at once, without a restart and without losing the
//! reply being typed; a screenshot of each language is saved. The
//! customer's latest message gets the knowledge articles that answer it,
//! also across languages (a German question, English articles).

use std::collections::HashMap;

use fantoccini::key::Key;
use fiido_e2e::{composer_of, testid, tray_has_entry, Desk};
use fiido_testkit::TestServer;
use serde_json::Value;

/// A message of the desk's catalogue (ui/src/locales/{lang}/{area}.json).
fn catalogue(lang: &str, area: &str, path: &[&str]) -> String {
    let file = format!(
        "{}/../ui/src/locales/{lang}/{area}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    path.iter()
        .fold(&json, |v, key| &v[*key])
        .as_str()
        .unwrap_or_else(|| panic!("{lang}/{area} has {path:?}"))
        .to_owned()
}

/// A word of the core's catalogue (desk-core/locales/desk.json).
fn core_word(lang: &str, key: &str) -> String {
    let file = format!(
        "{}/../desk-core/locales/desk.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    json[key][lang].as_str().unwrap().to_owned()
}

const CHOOSE_LANGUAGE: &str =
    "const select = document.querySelector(\"[data-testid='settings-language']\");
    select.value = arguments[0];
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return [document.documentElement.lang];";

#[tokio::test]
async fn the_workbench_speaks_five_languages_live_and_suggests_articles() {
    let server = TestServer::start_demo();
    let (visitor, conversation) = server.visitor("fiido-eu", "Jonas Becker").await;
    server
        .visitor_says(
            &visitor,
            "Hallo, mein Akku lädt nicht mehr und das Ladegerät blinkt rot. Was kann ich tun?",
        )
        .await;
    let desk = Desk::fresh_launch().await;
    desk.sign_in(&server.base, "agent@demo.fiido").await;
    desk.open_conversation(&conversation).await;

    // Suggested articles for the German question: the charger and battery articles.
    let suggested = testid("suggested-article");
    desk.until("three suggestions", || async {
        desk.all(&suggested).await.len() == 3
    })
    .await;
    let titles = desk.texts(&suggested).await;
    assert!(
        titles
            .iter()
            .take(2)
            .any(|t| t.contains("Charger not working") || t.contains("Battery range")),
        "{titles:?}"
    );
    desk.click(&suggested).await;
    desk.until("the article opens in the knowledge base", || async {
        desk.texts(&testid("kb-body")).await.len() == 1
    })
    .await;
    desk.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    desk.until("the knowledge base closed", || async {
        desk.all(&testid("knowledge-base")).await.is_empty()
    })
    .await;

    // A reply being typed survives every switch.
    let composer = composer_of(&conversation);
    desk.element(&composer)
        .await
        .send_keys("Guten Tag Herr Becker")
        .await
        .unwrap();

    let mut seen: HashMap<&str, String> = HashMap::new();
    for lang in ["zh", "de", "fr", "es", "en"] {
        desk.click(&testid("open-settings")).await;
        desk.until("the settings", || async {
            !desk.all(&testid("settings-language")).await.is_empty()
        })
        .await;
        let html_lang = desk.page_strings(CHOOSE_LANGUAGE, lang).await;
        assert_eq!(html_lang, vec![lang.to_owned()]);
        desk.click(&testid("settings-close")).await;
        let chats = catalogue(lang, "navSidebar", &["sections", "chats"]);
        desk.until("the rail in the new language", || async {
            desk.attribute(&testid("nav-conversations"), "title")
                .await
                .as_deref()
                == Some(chats.as_str())
        })
        .await;
        let heading = catalogue(lang, "suggestedArticles", &["title"]);
        desk.until("the customer panel in the new language", || async {
            desk.texts(&format!("{} h3", testid("suggested-articles")))
                .await
                == vec![heading.clone()]
        })
        .await;
        assert_eq!(
            desk.composer_text(&conversation).await,
            "Guten Tag Herr Becker",
            "{lang}"
        );
        // The tray, made by the Rust core, follows the window's language.
        let available = core_word(lang, "tray.available");
        desk.until("the tray menu in the new language", || async {
            tray_has_entry(&available)
        })
        .await;
        let shot = desk.screenshot(&format!("workbench-{lang}")).await;
        assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "{shot:?}");
        seen.insert(lang, heading);
    }
    let distinct: std::collections::HashSet<&String> = seen.values().collect();
    assert_eq!(
        distinct.len(),
        5,
        "five different words for Chats: {seen:?}"
    );
    desk.close().await;
}
