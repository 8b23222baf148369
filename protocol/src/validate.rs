//! Input checks both sides call, so the desktop rejects what the server would.

use crate::error::{ApiError, ErrorCode};
use crate::limits::*;

fn too_long(field: &str, max: usize) -> ApiError {
    ApiError::field(
        ErrorCode::TooLarge,
        field,
        format!("{field} is longer than {max} characters"),
    )
}

/// A message body: not blank, at most [`MESSAGE_MAX_CHARS`]. Returns the body
/// with surrounding whitespace removed (inner newlines are kept).
pub fn message_body(body: &str) -> Result<String, ApiError> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "body",
            "the message is empty",
        ));
    }
    if trimmed.chars().count() > MESSAGE_MAX_CHARS {
        return Err(too_long("body", MESSAGE_MAX_CHARS));
    }
    Ok(trimmed.to_owned())
}

/// An agent's message, which may be only a card (MSG-4): the text is then
/// empty and the card's own text stands in for it.
pub fn message_request(
    request: crate::api::SendMessageRequest,
) -> Result<crate::api::SendMessageRequest, ApiError> {
    if let Some(client_id) = &request.client_id {
        client_key("client_id", client_id)?;
    }
    let card = request.card.map(|c| c.validated()).transpose()?;
    let body = if card.is_some() && request.body.trim().is_empty() {
        String::new()
    } else {
        message_body(&request.body)?
    };
    Ok(crate::api::SendMessageRequest {
        body,
        client_id: request.client_id,
        card,
    })
}

/// A person's or thing's name: not blank, at most [`NAME_MAX_CHARS`], no
/// control characters.
pub fn name(field: &str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            field,
            format!("{field} is empty"),
        ));
    }
    if trimmed.chars().count() > NAME_MAX_CHARS {
        return Err(too_long(field, NAME_MAX_CHARS));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            field,
            format!("{field} contains control characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// An e-mail address: one `@` with something on both sides, no spaces, at
/// most [`EMAIL_MAX_CHARS`]. Lower-cased, as logins compare it that way.
pub fn email(value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.chars().count() > EMAIL_MAX_CHARS {
        return Err(too_long("email", EMAIL_MAX_CHARS));
    }
    let valid = match trimmed.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !valid {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "email",
            "that is not an e-mail address",
        ));
    }
    Ok(trimmed.to_lowercase())
}

/// A password at login: present and not absurdly long.
pub fn password(value: &str) -> Result<(), ApiError> {
    if value.is_empty() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "password",
            "the password is empty",
        ));
    }
    if value.chars().count() > PASSWORD_MAX_CHARS {
        return Err(too_long("password", PASSWORD_MAX_CHARS));
    }
    Ok(())
}

/// A set of tags: at most [`TAGS_MAX`], each a valid short name; duplicates
/// are dropped, order kept.
pub fn tags(values: &[String]) -> Result<Vec<String>, ApiError> {
    if values.len() > TAGS_MAX {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "tags",
            format!("at most {TAGS_MAX} tags"),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let tag = name("tags", value)?;
        if tag.chars().count() > TAG_MAX_CHARS {
            return Err(too_long("tags", TAG_MAX_CHARS));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

/// An IANA time zone name as a browser reports it (`Area/City`, ASCII
/// letters, digits, `/`, `_`, `-`, `+`), at most 64 characters.
pub fn timezone(value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    let valid = !trimmed.is_empty()
        && trimmed.len() <= 64
        && trimmed
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_-+".contains(&b));
    if !valid {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "timezone",
            "that is not a time zone name such as Europe/Berlin",
        ));
    }
    Ok(trimmed.to_owned())
}

/// An optional input: absent or blank is None, anything else must pass `check`.
pub fn optional<T>(
    value: Option<&str>,
    check: impl FnOnce(&str) -> Result<T, ApiError>,
) -> Result<Option<T>, ApiError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(check)
        .transpose()
}

/// A page size: default when absent, 1..=[`PAGE_MAX`] otherwise.
pub fn page_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    match limit {
        None => Ok(PAGE_DEFAULT),
        Some(n) if (1..=PAGE_MAX).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "limit",
            format!("limit must be between 1 and {PAGE_MAX}"),
        )),
    }
}

/// A client mutation id or `Idempotency-Key`: 1..=255 visible ASCII characters.
pub fn client_key(field: &str, value: &str) -> Result<(), ApiError> {
    if value.is_empty() || value.len() > IDEMPOTENCY_KEY_MAX_CHARS {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            field,
            format!("{field} must be 1 to {IDEMPOTENCY_KEY_MAX_CHARS} characters"),
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            field,
            format!("{field} may hold only visible ASCII characters"),
        ));
    }
    Ok(())
}

/// An agent's settings: slots within 1..=9, each slot used once, reply ids
/// well formed. Returns them sorted by slot. Whether the replies exist is
/// the server's check.
pub fn settings(
    settings: &crate::model::AgentSettings,
) -> Result<crate::model::AgentSettings, ApiError> {
    let mut slots = settings.slots.clone();
    for s in &slots {
        if !SLOTS.contains(&s.slot) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "slots",
                format!("slot {} is not one of Ctrl+1 to Ctrl+9", s.slot),
            ));
        }
        client_key("quick_reply_id", &s.quick_reply_id)?;
    }
    slots.sort_by_key(|s| s.slot);
    if let Some(pair) = slots.windows(2).find(|w| w[0].slot == w[1].slot) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "slots",
            format!("Ctrl+{} holds two replies; keep one", pair[0].slot),
        ));
    }
    Ok(crate::model::AgentSettings {
        slots,
        ..settings.clone()
    })
}

/// A language code such as `en`, `zh` or `pt-BR`.
pub fn language(value: &str) -> Result<String, ApiError> {
    let ok = (2..=8).contains(&value.len())
        && value
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && value.as_bytes()[0].is_ascii_lowercase();
    if ok {
        Ok(value.to_owned())
    } else {
        Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "language",
            format!("{value:?} is not a language code such as en, zh or de"),
        ))
    }
}

/// A category (or one level of a category path): a short name.
pub fn category(value: &str) -> Result<String, ApiError> {
    let value = name("category", value)?;
    if value.chars().count() > CATEGORY_MAX_CHARS {
        return Err(too_long("category", CATEGORY_MAX_CHARS));
    }
    Ok(value)
}

/// A quick reply's variants: 1..=[`VARIANTS_MAX`], one per language, each
/// body a valid message (variables may stay unfilled: they are filled per
/// conversation).
pub fn variants(
    values: &[crate::model::ReplyVariant],
) -> Result<Vec<crate::model::ReplyVariant>, ApiError> {
    if values.is_empty() || values.len() > VARIANTS_MAX {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "variants",
            format!("a quick reply has 1 to {VARIANTS_MAX} language variants"),
        ));
    }
    let mut out: Vec<crate::model::ReplyVariant> = Vec::new();
    for v in values {
        let language = language(&v.language)?;
        if out.iter().any(|o| o.language == language) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "variants",
                format!("two variants in {language}; keep one"),
            ));
        }
        out.push(crate::model::ReplyVariant {
            language,
            body: message_body(&v.body)?,
        });
    }
    Ok(out)
}

/// An article's category path: 1..=[`CATEGORY_DEPTH_MAX`] category names.
pub fn category_path(values: &[String]) -> Result<Vec<String>, ApiError> {
    if values.is_empty() || values.len() > CATEGORY_DEPTH_MAX {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "category_path",
            format!("an article sits 1 to {CATEGORY_DEPTH_MAX} levels deep"),
        ));
    }
    values.iter().map(|v| category(v)).collect()
}

/// An article's Markdown body: not blank, at most [`ARTICLE_MAX_CHARS`].
pub fn article_body(value: &str) -> Result<String, ApiError> {
    if value.trim().is_empty() {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "body",
            "the article is empty",
        ));
    }
    if value.chars().count() > ARTICLE_MAX_CHARS {
        return Err(too_long("body", ARTICLE_MAX_CHARS));
    }
    Ok(value.to_owned())
}

/// A new quick reply's fields, checked (the server and the desk both call
/// this, so the desk refuses offline what the server would).
pub fn new_quick_reply(
    new: &crate::api::NewQuickReply,
) -> Result<crate::api::NewQuickReply, ApiError> {
    if let Some(id) = &new.id {
        client_key("id", id)?;
    }
    Ok(crate::api::NewQuickReply {
        id: new.id.clone(),
        scope: new.scope,
        store_id: new.store_id.clone(),
        category: category(&new.category)?,
        title: name("title", &new.title)?,
        variants: variants(&new.variants)?,
    })
}

/// A quick-reply change: each field present, checked.
pub fn quick_reply_patch(
    patch: &crate::api::QuickReplyPatch,
) -> Result<crate::api::QuickReplyPatch, ApiError> {
    Ok(crate::api::QuickReplyPatch {
        category: patch.category.as_deref().map(category).transpose()?,
        title: patch
            .title
            .as_deref()
            .map(|t| name("title", t))
            .transpose()?,
        variants: patch.variants.as_deref().map(variants).transpose()?,
    })
}

/// An uploaded image: an allowed type whose bytes really are that type
/// (checked by their signature, so a renamed file is refused), within
/// MEDIA_MAX_BYTES.
pub fn media(content_type: &str, bytes: &[u8]) -> Result<(), ApiError> {
    if bytes.is_empty() || bytes.len() > MEDIA_MAX_BYTES {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "body",
            format!("an image must be 1 byte to {} kB", MEDIA_MAX_BYTES / 1000),
        ));
    }
    let looks_right = match content_type {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(b"\xff\xd8\xff"),
        "image/gif" => bytes.starts_with(b"GIF8"),
        "image/webp" => bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        _ => {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                format!("images must be one of {}", MEDIA_TYPES.join(", ")),
            ))
        }
    };
    if !looks_right {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "body",
            format!("the bytes are not a {content_type} image"),
        ));
    }
    Ok(())
}

/// A media id: the 64 lower-case hex digits of a SHA-256.
pub fn media_id(id: &str) -> Result<(), ApiError> {
    if id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "id",
            "a media id is 64 lower-case hex digits",
        ))
    }
}

/// A conversation change: tags checked, and a status only `closed` (close)
/// or `active` (reopen): waiting is the customer's to cause.
pub fn conversation_patch(
    patch: &crate::api::ConversationPatch,
    now_ms: i64,
) -> Result<crate::api::ConversationPatch, ApiError> {
    if patch.status == Some(crate::model::ConversationStatus::Snoozed) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "status",
            "snooze by giving snoozed_until",
        ));
    }
    if let Some(until) = patch.snoozed_until {
        if !(now_ms < until && until <= now_ms + SNOOZE_MAX_MS) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "snoozed_until",
                "snooze until a time in the next 90 days",
            ));
        }
    }
    if patch.status == Some(crate::model::ConversationStatus::Waiting) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "status",
            "a conversation is closed (closed) or reopened (active); it waits when the customer writes",
        ));
    }
    Ok(crate::api::ConversationPatch {
        tags: patch.tags.as_deref().map(tags).transpose()?,
        ..patch.clone()
    })
}

/// A note: a message body, and the client id well formed.
pub fn new_note(note: &crate::api::NewNote) -> Result<crate::api::NewNote, ApiError> {
    if let Some(id) = &note.client_id {
        client_key("client_id", id)?;
    }
    Ok(crate::api::NewNote {
        body: message_body(&note.body)?,
        client_id: note.client_id.clone(),
    })
}

/// An assignment: the id well formed, the note (if any) a message body.
pub fn assign_request(
    request: &crate::api::AssignRequest,
) -> Result<crate::api::AssignRequest, ApiError> {
    if let Some(id) = &request.assignee_id {
        client_key("assignee_id", id)?;
    }
    let note = match request.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(message_body(text).map_err(|e| ApiError {
            field: Some("note".into()),
            ..e
        })?),
    };
    Ok(crate::api::AssignRequest {
        assignee_id: request.assignee_id.clone(),
        note,
    })
}

/// A routing profile: capacity within CAPACITY, languages well formed,
/// skills short names, each list at most PROFILE_ITEMS_MAX long.
pub fn routing_profile(
    profile: &crate::model::RoutingProfile,
) -> Result<crate::model::RoutingProfile, ApiError> {
    if !CAPACITY.contains(&profile.capacity) {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "capacity",
            format!("capacity is {} to {}", CAPACITY.start(), CAPACITY.end()),
        ));
    }
    if profile.languages.len() > PROFILE_ITEMS_MAX || profile.skills.len() > PROFILE_ITEMS_MAX {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "skills",
            format!("at most {PROFILE_ITEMS_MAX} languages and {PROFILE_ITEMS_MAX} skills"),
        ));
    }
    let languages = profile
        .languages
        .iter()
        .map(|l| language(l))
        .collect::<Result<Vec<_>, _>>()?;
    let skills = tags(&profile.skills).map_err(|e| ApiError {
        field: Some("skills".into()),
        ..e
    })?;
    Ok(crate::model::RoutingProfile {
        languages,
        skills,
        senior: profile.senior,
        capacity: profile.capacity,
    })
}

/// A store's automatic replies: each reply empty (off) or 1..=VARIANTS_MAX
/// language variants; the week empty (always open) or seven days of
/// `HH:MM` hours with close after open; holidays `YYYY-MM-DD`; at most
/// FAQ_RULES_MAX keyword rules of 1..=TAGS_MAX keywords each.
pub fn auto_replies(
    config: &crate::model::AutoReplies,
) -> Result<crate::model::AutoReplies, ApiError> {
    let off_or_variants = |field: &str, values: &[crate::model::ReplyVariant]| {
        if values.is_empty() {
            Ok(Vec::new())
        } else {
            variants(values).map_err(|e| ApiError {
                field: Some(field.into()),
                ..e
            })
        }
    };
    let bad =
        |field: &str, message: String| ApiError::field(ErrorCode::ValidationFailed, field, message);
    let hours = &config.hours;
    if !(hours.week.is_empty() || hours.week.len() == 7) {
        return Err(bad(
            "hours",
            "the week has seven days, Monday first, or none (always open)".into(),
        ));
    }
    for day in hours.week.iter().flatten() {
        let minutes = |t: &str| -> Option<u32> {
            let (h, m) = t.split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60 && t.len() == 5).then_some(h * 60 + m)
        };
        match (minutes(&day.open), minutes(&day.close)) {
            (Some(open), Some(close)) if close > open => {}
            _ => {
                return Err(bad(
                    "hours",
                    format!(
                        "{}–{}: use HH:MM, closing after opening",
                        day.open, day.close
                    ),
                ))
            }
        }
    }
    if hours.holidays.len() > HOLIDAYS_MAX {
        return Err(bad("holidays", format!("at most {HOLIDAYS_MAX} holidays")));
    }
    for date in &hours.holidays {
        let parts: Vec<&str> = date.split('-').collect();
        let ok = date.len() == 10
            && parts.len() == 3
            && parts[0].parse::<u32>().is_ok()
            && parts[1].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && parts[2].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
        if !ok {
            return Err(bad(
                "holidays",
                format!("{date:?} is not a date like 2026-12-24"),
            ));
        }
    }
    if config.faq.len() > FAQ_RULES_MAX {
        return Err(bad("faq", format!("at most {FAQ_RULES_MAX} keyword rules")));
    }
    let mut faq = Vec::with_capacity(config.faq.len());
    for rule in &config.faq {
        if rule.keywords.is_empty() {
            return Err(bad("faq", "each rule needs at least one keyword".into()));
        }
        let keywords = tags(&rule.keywords).map_err(|e| ApiError {
            field: Some("faq".into()),
            ..e
        })?;
        let answer = variants(&rule.answer).map_err(|e| ApiError {
            field: Some("faq".into()),
            ..e
        })?;
        faq.push(crate::model::FaqRule { keywords, answer });
    }
    Ok(crate::model::AutoReplies {
        hours: hours.clone(),
        welcome: off_or_variants("welcome", &config.welcome)?,
        offline: off_or_variants("offline", &config.offline)?,
        wait: off_or_variants("wait", &config.wait)?,
        faq,
    })
}

/// A reorder request: 1 to REORDER_MAX well-formed ids, each once.
pub fn quick_reply_order(
    order: &crate::api::QuickReplyOrder,
) -> Result<crate::api::QuickReplyOrder, ApiError> {
    if order.ids.is_empty() || order.ids.len() > REORDER_MAX {
        return Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "ids",
            format!("list 1 to {REORDER_MAX} quick replies"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for id in &order.ids {
        client_key("ids", id)?;
        if !seen.insert(id.as_str()) {
            return Err(ApiError::field(
                ErrorCode::ValidationFailed,
                "ids",
                format!("{id} is listed twice"),
            ));
        }
    }
    Ok(order.clone())
}

/// A new article's fields, checked.
pub fn new_article(new: &crate::api::NewArticle) -> Result<crate::api::NewArticle, ApiError> {
    if let Some(id) = &new.id {
        client_key("id", id)?;
    }
    Ok(crate::api::NewArticle {
        id: new.id.clone(),
        store_id: new.store_id.clone(),
        category_path: category_path(&new.category_path)?,
        title: name("title", &new.title)?,
        body: article_body(&new.body)?,
        language: language(&new.language)?,
        visibility: new.visibility,
    })
}

/// An article change: each field present, checked.
pub fn article_patch(
    patch: &crate::api::ArticlePatch,
) -> Result<crate::api::ArticlePatch, ApiError> {
    Ok(crate::api::ArticlePatch {
        category_path: patch
            .category_path
            .as_deref()
            .map(category_path)
            .transpose()?,
        title: patch
            .title
            .as_deref()
            .map(|t| name("title", t))
            .transpose()?,
        body: patch.body.as_deref().map(article_body).transpose()?,
        visibility: patch.visibility,
    })
}

/// A store's overdue threshold, within [`OVERDUE_SECS`].
pub fn overdue_after_secs(secs: i64) -> Result<i64, ApiError> {
    if OVERDUE_SECS.contains(&secs) {
        Ok(secs)
    } else {
        Err(ApiError::field(
            ErrorCode::ValidationFailed,
            "overdue_after_secs",
            format!(
                "the overdue threshold must be between {} and {} seconds",
                OVERDUE_SECS.start(),
                OVERDUE_SECS.end()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slot(slot: i64, id: &str) -> crate::model::SlotAssignment {
        crate::model::SlotAssignment {
            slot,
            quick_reply_id: id.into(),
        }
    }

    #[test]
    fn settings_come_back_sorted_and_refuse_a_slot_used_twice_or_out_of_range() {
        let ok = settings(&crate::model::AgentSettings {
            slots: vec![slot(9, "b"), slot(2, "a")],
            hotkey_scope: crate::model::HotkeyScope::SystemWide,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.slots, vec![slot(2, "a"), slot(9, "b")]);
        for bad in [
            vec![slot(2, "a"), slot(2, "b")],
            vec![slot(0, "a")],
            vec![slot(10, "a")],
        ] {
            let err = settings(&crate::model::AgentSettings {
                slots: bad,
                ..Default::default()
            })
            .unwrap_err();
            assert_eq!(err.code, ErrorCode::ValidationFailed);
        }
    }

    #[test]
    fn the_overdue_threshold_has_bounds() {
        assert_eq!(overdue_after_secs(30).unwrap(), 30);
        assert!(overdue_after_secs(4).is_err());
        assert!(overdue_after_secs(86_401).is_err());
    }

    #[test]
    fn an_empty_or_blank_message_is_refused() {
        assert_eq!(
            message_body("  \n\t").unwrap_err().code,
            ErrorCode::ValidationFailed
        );
    }

    #[test]
    fn a_message_of_exactly_the_limit_passes_and_one_more_is_too_large() {
        let at_limit = "ü".repeat(MESSAGE_MAX_CHARS);
        assert!(message_body(&at_limit).is_ok());
        let over = "ü".repeat(MESSAGE_MAX_CHARS + 1);
        assert_eq!(message_body(&over).unwrap_err().code, ErrorCode::TooLarge);
    }

    #[test]
    fn email_is_lower_cased_and_needs_an_at() {
        assert_eq!(email(" Agent@Demo.Fiido ").unwrap(), "agent@demo.fiido");
        assert!(email("no-at-sign").is_err());
        assert!(email("a b@c").is_err());
        assert!(email("@c").is_err());
    }

    #[test]
    fn duplicate_tags_collapse_and_too_many_are_refused() {
        let t = vec!["VIP".to_owned(), "refund".to_owned(), "VIP".to_owned()];
        assert_eq!(tags(&t).unwrap(), vec!["VIP", "refund"]);
        let many: Vec<String> = (0..=TAGS_MAX).map(|i| format!("t{i}")).collect();
        assert!(tags(&many).is_err());
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(timezone(" Europe/Berlin ").unwrap(), "Europe/Berlin");
        assert!(timezone("America/Argentina/Buenos_Aires").is_ok());
        assert!(timezone("Etc/GMT+2").is_ok());
        assert!(timezone("<script>").is_err());
        assert!(timezone("").is_err());
    }

    #[test]
    fn page_limit_has_a_default_and_bounds() {
        assert_eq!(page_limit(None).unwrap(), PAGE_DEFAULT);
        assert!(page_limit(Some(0)).is_err());
        assert!(page_limit(Some(PAGE_MAX + 1)).is_err());
        assert_eq!(page_limit(Some(PAGE_MAX)).unwrap(), PAGE_MAX);
    }

    proptest! {
        #[test]
        fn message_body_accepts_exactly_the_nonblank_strings_within_the_limit(s in "\\PC{0,40}") {
            let trimmed = s.trim();
            let result = message_body(&s);
            prop_assert_eq!(result.is_ok(), !trimmed.is_empty());
            if let Ok(body) = result {
                prop_assert_eq!(body, trimmed);
            }
        }

        #[test]
        fn client_keys_accept_only_visible_ascii(s in "\\PC{0,20}") {
            let ok = client_key("k", &s).is_ok();
            prop_assert_eq!(ok, !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic()));
        }
    }
}
