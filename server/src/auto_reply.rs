//! Automatic replies (AUTO-1), decided by pure functions so business hours,
//! time zones, holidays and DST are tested with any clock: welcome on the
//! first message, an offline notice outside the store's hours, a wait
//! notice when the conversation is queued, and keyword answers. The caller
//! sends each as the bot and records its trigger so none goes twice.

use fiido_protocol::model::{AutoReplies, BusinessHours, ReplyVariant};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Why a reply is sent; one conversation gets each trigger at most once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    Welcome,
    Offline,
    Wait,
    /// The index of the keyword rule.
    Faq(usize),
}

impl Trigger {
    /// The key the once-per-conversation record is kept under.
    pub fn key(&self) -> String {
        match self {
            Trigger::Welcome => "welcome".into(),
            Trigger::Offline => "offline".into(),
            Trigger::Wait => "wait".into(),
            Trigger::Faq(i) => format!("faq:{i}"),
        }
    }
}

/// What the customer's message meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment<'a> {
    /// Unix ms, by the server's clock.
    pub at_ms: i64,
    /// The store's IANA time zone.
    pub timezone: &'a str,
    pub first_message: bool,
    /// Nobody free: the conversation waits in the queue at this place.
    pub queue_position: Option<i64>,
    pub text: &'a str,
    pub language: Option<&'a str>,
}

/// Whether the store is open at `at_ms`: its local weekday's hours, not a
/// holiday. No week set: always open. An unknown time zone counts as UTC.
pub fn is_open(hours: &BusinessHours, timezone: &str, at_ms: i64) -> bool {
    if hours.week.is_empty() {
        return true;
    }
    let tz = TimeZone::get(timezone).unwrap_or(TimeZone::UTC);
    let Ok(at) = Timestamp::from_millisecond(at_ms) else {
        return false;
    };
    let local = tz.to_datetime(at);
    let date = local.date();
    if hours
        .holidays
        .iter()
        .any(|h| h.parse::<Date>().is_ok_and(|d| d == date))
    {
        return false;
    }
    let day = usize::from(date.weekday().to_monday_zero_offset().unsigned_abs());
    let Some(Some(opening)) = hours.week.get(day) else {
        return false;
    };
    match (opening.open.parse::<Time>(), opening.close.parse::<Time>()) {
        (Ok(open), Ok(close)) => local.time() >= open && local.time() < close,
        _ => false,
    }
}

/// The variant in the customer's language, else English, else the first.
pub fn in_language<'a>(variants: &'a [ReplyVariant], language: Option<&str>) -> Option<&'a str> {
    variants
        .iter()
        .find(|v| Some(v.language.as_str()) == language)
        .or_else(|| variants.iter().find(|v| v.language == "en"))
        .or_else(|| variants.first())
        .map(|v| v.body.as_str())
}

/// The replies a customer message calls for, in the order they are sent.
pub fn replies(config: &AutoReplies, moment: &Moment) -> Vec<(Trigger, String)> {
    let language = moment.language;
    let mut out = Vec::new();
    let mut push = |trigger: Trigger, variants: &[ReplyVariant]| {
        if let Some(body) = in_language(variants, language) {
            out.push((trigger, body.to_owned()));
        }
    };
    if moment.first_message {
        push(Trigger::Welcome, &config.welcome);
    }
    if !is_open(&config.hours, moment.timezone, moment.at_ms) {
        push(Trigger::Offline, &config.offline);
    } else if let Some(position) = moment.queue_position {
        if let Some(body) = in_language(&config.wait, language) {
            out.push((
                Trigger::Wait,
                body.replace("{position}", &position.to_string()),
            ));
        }
    }
    let text = moment.text.to_lowercase();
    if let Some((i, rule)) = config.faq.iter().enumerate().find(|(_, rule)| {
        rule.keywords
            .iter()
            .any(|k| !k.trim().is_empty() && text.contains(&k.trim().to_lowercase()))
    }) {
        if let Some(body) = in_language(&rule.answer, language) {
            out.push((Trigger::Faq(i), body.to_owned()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiido_protocol::model::{FaqRule, OpeningHours};

    /// Unix ms of a UTC instant, written as ISO 8601.
    fn utc(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn weekdays_9_to_18() -> BusinessHours {
        let day = Some(OpeningHours {
            open: "09:00".into(),
            close: "18:00".into(),
        });
        BusinessHours {
            week: vec![
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                None,
                None,
            ],
            holidays: vec!["2026-12-24".into()],
        }
    }

    fn v(language: &str, body: &str) -> ReplyVariant {
        ReplyVariant {
            language: language.into(),
            body: body.into(),
        }
    }

    #[test]
    fn hours_are_the_stores_own_local_time() {
        let hours = weekdays_9_to_18();
        // Thursday 2026-11-26, 08:30 UTC is 09:30 in Berlin but 03:30 in New York.
        let at = utc("2026-11-26T08:30:00Z");
        assert!(is_open(&hours, "Europe/Berlin", at));
        assert!(!is_open(&hours, "America/New_York", at));
        // 17:59 Berlin open, 18:00 closed (close is exclusive).
        assert!(is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-11-26T16:59:00Z")
        ));
        assert!(!is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-11-26T17:00:00Z")
        ));
        // Saturday closed; Christmas Eve (a Thursday) a holiday.
        assert!(!is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-11-28T10:00:00Z")
        ));
        assert!(!is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-12-24T10:00:00Z")
        ));
        // No week set: always open.
        assert!(is_open(&BusinessHours::default(), "Europe/Berlin", at));
    }

    #[test]
    fn a_dst_change_moves_opening_time_in_utc() {
        let hours = weekdays_9_to_18();
        // Berlin leaves summer time on Sunday 2026-10-25. Friday 23rd opens
        // at 07:00 UTC (UTC+2); Monday 26th at 08:00 UTC (UTC+1).
        assert!(is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-10-23T07:00:00Z")
        ));
        assert!(!is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-10-26T07:30:00Z")
        ));
        assert!(is_open(
            &hours,
            "Europe/Berlin",
            utc("2026-10-26T08:00:00Z")
        ));
        // New York springs forward on 2026-03-08: 09:00 local is 14:00 UTC
        // on Friday the 6th and 13:00 UTC on Monday the 9th.
        assert!(!is_open(
            &hours,
            "America/New_York",
            utc("2026-03-06T13:30:00Z")
        ));
        assert!(is_open(
            &hours,
            "America/New_York",
            utc("2026-03-09T13:30:00Z")
        ));
    }

    #[test]
    fn welcome_offline_or_wait_and_a_keyword_answer_in_the_customers_language() {
        let config = AutoReplies {
            hours: weekdays_9_to_18(),
            welcome: vec![v("en", "Welcome!"), v("de", "Willkommen!")],
            offline: vec![v("en", "We are closed.")],
            wait: vec![v("en", "You are number {position} in the queue.")],
            faq: vec![FaqRule {
                keywords: vec!["shipping".into(), "Versand".into(), "发货".into()],
                answer: vec![v("en", "We ship in 2 days."), v("zh", "两天内发货。")],
            }],
        };
        let moment = |at: &str,
                      first: bool,
                      queue: Option<i64>,
                      text: &'static str,
                      language: &'static str| Moment {
            at_ms: utc(at),
            timezone: "Europe/Berlin",
            first_message: first,
            queue_position: queue,
            text,
            language: Some(language),
        };
        let sent = |m: &Moment| -> Vec<(Trigger, String)> { replies(&config, m) };
        assert_eq!(
            sent(&moment(
                "2026-11-26T10:00:00Z",
                true,
                Some(3),
                "Wie lange dauert der Versand?",
                "de"
            )),
            vec![
                (Trigger::Welcome, "Willkommen!".into()),
                (Trigger::Wait, "You are number 3 in the queue.".into()),
                (Trigger::Faq(0), "We ship in 2 days.".into()),
            ]
        );
        assert_eq!(
            sent(&moment(
                "2026-11-28T10:00:00Z",
                false,
                Some(3),
                "什么时候发货",
                "zh"
            )),
            vec![
                (Trigger::Offline, "We are closed.".into()),
                (Trigger::Faq(0), "两天内发货。".into()),
            ],
            "closed on Saturday: no wait notice, the offline one"
        );
        assert!(sent(&moment("2026-11-26T10:00:00Z", false, None, "Hello", "en")).is_empty());
    }
}
