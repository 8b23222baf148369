//! The words the desktop core makes itself (PLAT-6): OS notifications and
//! the tray, in the language the agent chose in the UI. The catalogue is
//! `desk-core/locales/desk.json` (rust-i18n; checked with the UI's by
//! `ui/scripts/check-i18n.mjs`).

use rust_i18n::t;

/// The languages the desk speaks.
pub const LANGUAGES: [&str; 5] = ["en", "zh", "de", "fr", "es"];

/// Switches the core's words to `code`; anything but the five is English.
pub fn set_language(code: &str) {
    rust_i18n::set_locale(if LANGUAGES.contains(&code) {
        code
    } else {
        "en"
    });
}

/// The language the core speaks now.
pub fn language() -> String {
    rust_i18n::locale().to_string()
}

/// A catalogue entry without placeholders (menu items, buttons).
pub fn tr(key: &str) -> String {
    t!(key).into_owned()
}

/// The tray's label: what waits, how much of it is overdue, how many are VIPs.
pub fn tray_label(waiting: i64, overdue: i64, vip: i64) -> String {
    if waiting == 0 {
        return tr("tray.nothingWaiting");
    }
    let mut parts = vec![t!("tray.waiting", count = waiting).into_owned()];
    if overdue > 0 {
        parts.push(t!("tray.overdue", count = overdue).into_owned());
    }
    if vip > 0 {
        parts.push(t!("tray.vip", count = vip).into_owned());
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test changes the global language, so both run in it in turn.
    #[test]
    fn words_follow_the_chosen_language_and_fall_back_to_english() {
        set_language("en");
        assert_eq!(tray_label(3, 1, 0), "3 waiting · 1 overdue");
        assert_eq!(tr("tray.available"), "Available");
        set_language("de");
        assert_eq!(tray_label(3, 1, 2), "3 wartend · 1 überfällig · 2 VIP");
        assert_eq!(tr("tray.available"), "Verfügbar");
        set_language("zh");
        assert_eq!(tray_label(0, 0, 0), "暂无等待");
        set_language("klingon");
        assert_eq!(language(), "en");
        assert_eq!(tr("tray.away"), "Away");
    }
}
