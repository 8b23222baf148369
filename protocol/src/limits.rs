//! Validation limits, checked by the server and again by the desktop before
//! it queues anything, so an agent learns of a problem while still typing.

/// Longest message body, in characters (Unicode scalar values).
pub const MESSAGE_MAX_CHARS: usize = 10_000;
/// Longest name (agent, customer nickname, store, tag, title).
pub const NAME_MAX_CHARS: usize = 100;
/// Longest e-mail address (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
/// Most tags on one conversation or customer.
pub const TAGS_MAX: usize = 20;
/// Longest tag.
pub const TAG_MAX_CHARS: usize = 40;
/// Largest page any list endpoint returns.
pub const PAGE_MAX: u32 = 500;
/// Page size when the client does not ask for one.
pub const PAGE_DEFAULT: u32 = 100;
/// Largest JSON request body, in bytes.
pub const JSON_BODY_MAX_BYTES: usize = 1024 * 1024;
/// Longest `Idempotency-Key` header value.
pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 255;
/// Longest password accepted at login (argon2 would hash anything; this
/// keeps a hostile client from making us hash megabytes).
pub const PASSWORD_MAX_CHARS: usize = 256;
/// Longest knowledge article or quick reply body, in characters.
pub const ARTICLE_MAX_CHARS: usize = 100_000;

/// Quick-reply shortcut slots: Ctrl+1..Ctrl+9 (QR-3).
pub const SLOTS: std::ops::RangeInclusive<i64> = 1..=9;
/// The shortest and longest overdue threshold a store may set, in seconds (AUTO-2).
pub const OVERDUE_SECS: std::ops::RangeInclusive<i64> = 5..=86_400;
/// Language variants of one quick reply.
pub const VARIANTS_MAX: usize = 6;
/// Characters of a category name or one level of an article's category path.
pub const CATEGORY_MAX_CHARS: usize = 40;
/// Levels of an article's category path.
pub const CATEGORY_DEPTH_MAX: usize = 4;

/// Quick replies one reorder request may list.
pub const REORDER_MAX: usize = 1_000;

/// The largest image an article may hold (KB-2), in bytes: under the
/// server's request-body limit.
pub const MEDIA_MAX_BYTES: usize = 1000 * 1000;

/// The image types articles may hold; SVG is left out (it can carry script).
pub const MEDIA_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/// Open conversations one agent may be routed at most (AUTO-6).
pub const CAPACITY: std::ops::RangeInclusive<i64> = 0..=200;

/// Languages or skills in one routing profile.
pub const PROFILE_ITEMS_MAX: usize = 12;

/// Holidays in one store's business hours.
pub const HOLIDAYS_MAX: usize = 100;

/// Keyword rules in one store's automatic replies.
pub const FAQ_RULES_MAX: usize = 50;

/// How long after sending an agent may recall a message (MSG-6), in ms.
pub const RECALL_WINDOW_MS: i64 = 2 * 60 * 1000;

/// How far ahead a conversation may be snoozed (CONV-9), in ms.
pub const SNOOZE_MAX_MS: i64 = 90 * 24 * 3600 * 1000;
