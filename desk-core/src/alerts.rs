//! Which conversations deserve an OS notification (PLAT-2, AUTO-3, AUTO-4),
//! decided by a pure rule set so it is tested without a desktop: one notice
//! per conversation, updated as it changes, never a flood.

use std::collections::HashMap;

use fiido_protocol::model::{Author, ConversationStatus};

use rust_i18n::t;

use crate::views::ConversationCard;

/// Consecutive unanswered customer messages that count as a burst (AUTO-4).
pub const BURST: i64 = 3;
/// A conversation that crossed its threshold longer ago than this (it was
/// overdue before the desk started, or while it was offline) is counted in
/// the tray but not announced one by one: no flood after a start or a resync.
pub const OVERDUE_GRACE_MS: i64 = 15_000;
/// Longest preview of the message in a notification.
const PREVIEW_CHARS: usize = 120;

/// Why the agent is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// A customer wrote while the window was not in front.
    NewMessage,
    /// A VIP customer wrote (always, even with the window in front).
    Vip,
    /// Several customer messages in a row wait for an answer.
    Burst,
    /// The customer has waited longer than the store allows (AUTO-2).
    Overdue,
    /// A colleague @mentioned the agent or handed them a conversation (CONV-9).
    Mention,
    /// A follow-up the agent asked to be reminded of is due (CUST-5).
    Reminder,
    /// A ticket's deadline is near or passed, or a parcel is in trouble
    /// (TKT-4, AUTO-5, COM-3).
    Ticket,
}

/// A notification to show (or to update: same conversation, same notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub conversation_id: String,
    pub kind: AlertKind,
    /// "Anna Müller · Fiido Europe" with VIP marked.
    pub summary: String,
    /// A preview of what was written.
    pub body: String,
    /// Critical for VIP and bursts, normal otherwise.
    pub critical: bool,
}

impl Notice {
    /// What a later notice replaces this one by: the conversation, or for
    /// ticket alerts the alert itself (each stays on screen).
    pub fn key(&self) -> String {
        match self.kind {
            AlertKind::Ticket => format!("ticket {}", self.summary),
            _ => self.conversation_id.clone(),
        }
    }
}

/// What the rules remember: the last customer message each conversation was
/// notified for.
#[derive(Debug, Default)]
pub struct AlertRules {
    notified_at: HashMap<String, i64>,
    /// The waiting period (its `waiting_since`) each overdue conversation
    /// was notified for: once per wait.
    overdue_since: HashMap<String, i64>,
}

impl AlertRules {
    /// Decides on a changed conversation. `store_name` names the store for
    /// the summary; `window_focused` and `do_not_disturb` come from the app.
    pub fn on_change(
        &mut self,
        card: &ConversationCard,
        store_name: &str,
        window_focused: bool,
        do_not_disturb: bool,
    ) -> Option<Notice> {
        if card.status == ConversationStatus::Closed || card.last_author != Some(Author::Customer) {
            return None;
        }
        let at = card.last_at?;
        if self
            .notified_at
            .get(&card.id)
            .is_some_and(|&seen| seen >= at)
        {
            return None;
        }
        let vip = card.vip_level > 0;
        let burst = card.unread_count >= BURST;
        let kind = if vip {
            AlertKind::Vip
        } else if burst {
            AlertKind::Burst
        } else {
            AlertKind::NewMessage
        };
        // With the window in front the agent sees the list; only VIPs and
        // bursts interrupt. Do-not-disturb silences all but VIPs.
        let wanted = match kind {
            AlertKind::Vip => true,
            AlertKind::Burst | AlertKind::Mention | AlertKind::Reminder | AlertKind::Ticket => {
                !do_not_disturb
            }
            AlertKind::NewMessage | AlertKind::Overdue => !window_focused && !do_not_disturb,
        };
        self.notified_at.insert(card.id.clone(), at);
        if !wanted {
            return None;
        }
        let mut summary = card.customer_name.clone();
        if vip {
            summary = format!("VIP {} · {summary}", card.vip_level);
        }
        summary = format!("{summary} · {store_name}");
        let preview: String = card
            .last_body
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(PREVIEW_CHARS)
            .collect();
        let body = if burst {
            format!("{} unanswered messages · {preview}", card.unread_count)
        } else {
            preview
        };
        Some(Notice {
            conversation_id: card.id.clone(),
            kind,
            summary,
            body,
            critical: vip || burst,
        })
    }

    /// Decides on a conversation that is overdue now (its store allows
    /// `limit_ms` of waiting): one notice per wait, and only when it crossed
    /// the threshold within [`OVERDUE_GRACE_MS`].
    pub fn on_overdue(
        &mut self,
        card: &ConversationCard,
        store_name: &str,
        now: i64,
        limit_ms: i64,
    ) -> Option<Notice> {
        let since = card.waiting_since.filter(|_| card.overdue)?;
        if self.overdue_since.insert(card.id.clone(), since) == Some(since) {
            return None;
        }
        if now - (since + limit_ms) > OVERDUE_GRACE_MS {
            return None;
        }
        let waited = (now - since).max(0) / 1000;
        let vip = if card.vip_level > 0 {
            t!("alerts.vip", level = card.vip_level).into_owned()
        } else {
            String::new()
        };
        let preview: String = card
            .last_body
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(PREVIEW_CHARS)
            .collect();
        Some(Notice {
            conversation_id: card.id.clone(),
            kind: AlertKind::Overdue,
            summary: t!(
                "alerts.overdue",
                who = format!("{vip}{}", card.customer_name),
                store = store_name
            )
            .into_owned(),
            body: t!(
                "alerts.waiting",
                time = format!("{}:{:02}", waited / 60, waited % 60),
                preview = preview
            )
            .into_owned(),
            critical: true,
        })
    }
}

/// The notice for a colleague's @mention or hand-over: told at once (even
/// with the window in front, as a colleague is waiting), except under
/// do-not-disturb.
pub fn on_mention(
    mention: &crate::views::MentionNotice,
    customer_name: &str,
    do_not_disturb: bool,
) -> Option<Notice> {
    if do_not_disturb {
        return None;
    }
    Some(Notice {
        conversation_id: mention.conversation_id.clone(),
        kind: AlertKind::Mention,
        summary: format!("{} · {customer_name}", mention.by),
        body: mention.body.chars().take(PREVIEW_CHARS).collect(),
        critical: false,
    })
}

/// At most this many ticket notices at once; more are summed up in one.
pub const TICKET_NOTICES_MAX: usize = 3;

/// The notices for a batch of ticket alerts (a reconnect may bring many):
/// the first few each, the rest summed up in one.
pub fn on_tickets(
    alerts: &[crate::views::TicketAlert],
    me: &str,
    do_not_disturb: bool,
) -> Vec<Notice> {
    let mut notices: Vec<Notice> = alerts
        .iter()
        .filter_map(|a| on_ticket(a, me, do_not_disturb))
        .collect();
    if notices.len() > TICKET_NOTICES_MAX {
        let more = notices.len() - TICKET_NOTICES_MAX + 1;
        notices.truncate(TICKET_NOTICES_MAX - 1);
        notices.push(Notice {
            conversation_id: String::new(),
            kind: AlertKind::Ticket,
            summary: t!("alerts.moreTickets", count = more).into_owned(),
            body: t!("alerts.openTickets").into_owned(),
            critical: true,
        });
    }
    notices
}

/// The notice for a ticket alert, for this agent (`me`): a deadline goes to
/// the ticket's assignee (everyone when unassigned), a parcel problem to the
/// whole team. A passed deadline and a parcel problem are critical and come
/// through do-not-disturb; a near deadline does not.
pub fn on_ticket(
    alert: &crate::views::TicketAlert,
    me: &str,
    do_not_disturb: bool,
) -> Option<Notice> {
    use crate::views::TicketAlertKind::*;
    if alert.assignee_id.as_deref().is_some_and(|a| a != me) {
        return None;
    }
    let critical = alert.what != DeadlineNear;
    if do_not_disturb && !critical {
        return None;
    }
    let summary = match alert.what {
        DeadlineNear => t!("alerts.ticketDueSoon", number = alert.number),
        DeadlinePassed => t!("alerts.ticketOverdue", number = alert.number),
        ShipmentProblem => t!("alerts.parcelProblem", number = alert.number),
    }
    .into_owned();
    Some(Notice {
        conversation_id: alert.conversation_id.clone().unwrap_or_default(),
        kind: AlertKind::Ticket,
        summary,
        body: alert.title.chars().take(PREVIEW_CHARS).collect(),
        critical,
    })
}

/// The notice for a due follow-up reminder: the agent asked for it, so it
/// comes even with the window in front (and under do-not-disturb).
pub fn on_reminder(reminder: &crate::views::Reminder, customer_name: &str) -> Notice {
    let body = if reminder.note.is_empty() {
        t!("alerts.followUpDefault").into_owned()
    } else {
        reminder.note.chars().take(PREVIEW_CHARS).collect()
    };
    Notice {
        conversation_id: reminder.conversation_id.clone(),
        kind: AlertKind::Reminder,
        summary: t!("alerts.followUp", name = customer_name).into_owned(),
        body,
        critical: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::{TicketAlert, TicketAlertKind};
    use fiido_protocol::model::ConversationChannel;

    fn ticket_alert(what: TicketAlertKind, assignee: Option<&str>) -> TicketAlert {
        TicketAlert {
            ticket_id: "t1".into(),
            number: "T-100001".into(),
            title: "Parcel stuck in customs: FD-100300".into(),
            conversation_id: Some("c1".into()),
            assignee_id: assignee.map(str::to_owned),
            what,
        }
    }

    #[test]
    fn a_deadline_goes_to_the_assignee_and_a_parcel_problem_to_everyone() {
        use TicketAlertKind::*;
        let mine = on_tickets(&[ticket_alert(DeadlineNear, Some("lena"))], "lena", false);
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].summary, "Ticket due soon · T-100001");
        assert!(!mine[0].critical);
        assert!(on_tickets(&[ticket_alert(DeadlineNear, Some("wei"))], "lena", false).is_empty());
        let parcel = on_tickets(&[ticket_alert(ShipmentProblem, None)], "lena", true);
        assert_eq!(parcel.len(), 1, "critical: through do-not-disturb");
        assert!(parcel[0].critical);
        assert!(
            on_tickets(&[ticket_alert(DeadlineNear, None)], "lena", true).is_empty(),
            "a near deadline waits out do-not-disturb"
        );
        assert_eq!(
            on_tickets(&[ticket_alert(DeadlinePassed, None)], "lena", false)[0].summary,
            "Ticket overdue · T-100001"
        );
    }

    #[test]
    fn many_ticket_alerts_at_once_are_summed_up() {
        let many: Vec<TicketAlert> = (0..7)
            .map(|_| ticket_alert(TicketAlertKind::ShipmentProblem, None))
            .collect();
        let notices = on_tickets(&many, "lena", false);
        assert_eq!(notices.len(), TICKET_NOTICES_MAX);
        assert_eq!(notices.last().unwrap().summary, "5 more ticket alerts");
        assert_ne!(notices[0].key(), notices[2].key(), "each stays on screen");
    }

    fn card(id: &str, vip: i64, unread: i64, at: i64) -> ConversationCard {
        ConversationCard {
            id: id.into(),
            store_id: "store-eu".into(),
            customer_id: "cu".into(),
            customer_name: "Anna Müller".into(),
            vip_level: vip,
            status: ConversationStatus::Waiting,
            channel: ConversationChannel::Web,
            tags: vec![],
            order_number: None,
            last_author: Some(Author::Customer),
            last_body: Some("Wo ist mein Fahrrad?".into()),
            last_at: Some(at),
            waiting_since: Some(at),
            unread_count: unread,
            pinned: false,
            starred: false,
            assignee_id: None,
            snoozed_until: None,
            overdue: false,
        }
    }

    #[test]
    fn a_customer_message_notifies_only_when_the_window_is_not_in_front() {
        let mut rules = AlertRules::default();
        assert_eq!(
            rules.on_change(&card("c1", 0, 1, 10), "Fiido Europe", true, false),
            None
        );
        let notice = rules
            .on_change(&card("c1", 0, 1, 20), "Fiido Europe", false, false)
            .unwrap();
        assert_eq!(notice.kind, AlertKind::NewMessage);
        assert_eq!(notice.summary, "Anna Müller · Fiido Europe");
        assert_eq!(notice.body, "Wo ist mein Fahrrad?");
        assert!(!notice.critical);
    }

    #[test]
    fn the_same_message_never_notifies_twice() {
        let mut rules = AlertRules::default();
        assert!(rules
            .on_change(&card("c1", 0, 1, 10), "S", false, false)
            .is_some());
        assert!(rules
            .on_change(&card("c1", 0, 1, 10), "S", false, false)
            .is_none());
        assert!(
            rules
                .on_change(&card("c1", 0, 2, 11), "S", false, false)
                .is_some(),
            "a newer message does"
        );
    }

    #[test]
    fn a_vip_notifies_even_in_front_and_through_do_not_disturb() {
        let mut rules = AlertRules::default();
        let notice = rules
            .on_change(&card("c1", 2, 1, 10), "Fiido Europe", true, true)
            .unwrap();
        assert_eq!(notice.kind, AlertKind::Vip);
        assert_eq!(notice.summary, "VIP 2 · Anna Müller · Fiido Europe");
        assert!(notice.critical);
    }

    #[test]
    fn three_unanswered_messages_are_a_burst() {
        let mut rules = AlertRules::default();
        let notice = rules
            .on_change(&card("c1", 0, 3, 10), "S", true, false)
            .unwrap();
        assert_eq!(notice.kind, AlertKind::Burst);
        assert_eq!(notice.body, "3 unanswered messages · Wo ist mein Fahrrad?");
        assert!(
            rules
                .on_change(&card("c2", 0, 3, 10), "S", true, true)
                .is_none(),
            "do-not-disturb"
        );
    }

    #[test]
    fn an_overdue_wait_notifies_once_and_a_new_wait_again() {
        let mut rules = AlertRules::default();
        let mut c = card("c1", 0, 1, 1_000);
        assert!(
            rules.on_overdue(&c, "S", 20_000, 30_000).is_none(),
            "not overdue yet"
        );
        c.overdue = true;
        let notice = rules
            .on_overdue(&c, "Fiido Europe", 32_000, 30_000)
            .unwrap();
        assert_eq!(notice.kind, AlertKind::Overdue);
        assert_eq!(notice.summary, "Overdue · Anna Müller · Fiido Europe");
        assert_eq!(notice.body, "Waiting 0:31 · Wo ist mein Fahrrad?");
        assert!(
            rules.on_overdue(&c, "S", 40_000, 30_000).is_none(),
            "once per wait"
        );
        c.waiting_since = Some(200_000);
        assert!(
            rules.on_overdue(&c, "S", 231_000, 30_000).is_some(),
            "a new wait notifies again"
        );
    }

    #[test]
    fn conversations_long_overdue_do_not_flood() {
        let mut rules = AlertRules::default();
        let mut c = card("c1", 0, 1, 1_000);
        c.overdue = true;
        // Crossed 30 s at 31 s; first seen at 10 minutes (a start, a resync).
        assert!(rules.on_overdue(&c, "S", 600_000, 30_000).is_none());
    }

    #[test]
    fn agent_answers_and_closed_chats_stay_quiet() {
        let mut rules = AlertRules::default();
        let mut answered = card("c1", 2, 0, 10);
        answered.last_author = Some(Author::Agent);
        assert!(rules.on_change(&answered, "S", false, false).is_none());
        let mut closed = card("c2", 2, 1, 10);
        closed.status = ConversationStatus::Closed;
        assert!(rules.on_change(&closed, "S", false, false).is_none());
    }

    #[test]
    fn a_mention_is_told_even_in_front_but_not_under_do_not_disturb() {
        let mention = crate::views::MentionNotice {
            conversation_id: "c1".into(),
            by: "Wei Zhang".into(),
            body: "@Lena please look".into(),
        };
        let notice = on_mention(&mention, "Mia Koch", false).expect("told");
        assert_eq!(notice.kind, AlertKind::Mention);
        assert_eq!(notice.summary, "Wei Zhang · Mia Koch");
        assert!(on_mention(&mention, "Mia Koch", true).is_none());
    }
}
