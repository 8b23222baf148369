//! The IPC surface: every command and event, registered once, from which
//! `ui/src/lib/bindings.ts` is generated (tauri-specta).

use fiido_desk_core::views::{ChangeNotice, LinkState};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri_specta::{collect_commands, collect_events, Builder, Event};

use crate::commands;

/// "The cache changed": the UI re-reads what it shows.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct StoreChanged(pub ChangeNotice);

/// The link state changed (online / connecting / offline, queued count).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct LinkStateChanged(pub LinkState);

/// Show this conversation (a notification was clicked).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct FocusConversation {
    pub conversation_id: String,
}

/// Do-not-disturb was turned on or off (from the tray or the window).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct DoNotDisturbChanged {
    pub on: bool,
}

/// A system-wide Ctrl+`slot` was pressed in another app: the desk came
/// forward; insert that slot's reply into the open conversation's composer.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SlotHotkey {
    pub slot: u8,
}

/// The server ended the session (expired, signed out elsewhere): show the
/// login form with the reason.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct SessionEnded {
    pub reason: String,
}

/// How far a report export has come (sheets written of all), for the
/// progress bar of long exports.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// The registry of commands and events.
pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::session::session,
            commands::session::login,
            commands::session::logout,
            commands::conversations::list_conversations,
            commands::conversations::filter_counts,
            commands::conversations::open_conversation,
            commands::conversations::save_draft,
            commands::messages::send_message,
            commands::messages::send_card,
            commands::messages::coupons,
            commands::messages::retry_message,
            commands::conversation_actions::update_conversation,
            commands::conversation_actions::add_note,
            commands::conversation_actions::assign_conversation,
            commands::conversation_actions::colleagues,
            commands::conversation_actions::agent_typing,
            commands::conversation_actions::recall_message,
            commands::conversation_actions::update_customer,
            commands::files::send_file,
            commands::files::save_file,
            commands::products::products,
            commands::products::product_link,
            commands::orders::order_action,
            commands::orders::order_tracking,
            commands::orders::decide_refund,
            commands::stats::open_team_stats,
            commands::stats::team_stats,
            commands::stats::my_stats,
            commands::stats::reports,
            commands::stats::export_report,
            commands::tickets::tickets,
            commands::tickets::ticket_templates,
            commands::tickets::create_ticket,
            commands::tickets::update_ticket,
            commands::conversation_actions::hide_message,
            commands::conversation_actions::batch_conversations,
            commands::conversation_actions::export_conversations,
            commands::conversation_actions::add_reminder,
            commands::conversation_actions::reminders,
            commands::conversation_actions::cancel_reminder,
            commands::conversation_actions::desk_now,
            commands::settings::auto_replies,
            commands::settings::save_auto_replies,
            commands::conversations::tag_counts,
            commands::replies::slot_reply,
            commands::replies::quick_replies,
            commands::replies::fill_reply,
            commands::replies::reply_articles,
            commands::replies::suggested_articles,
            commands::settings::set_language,
            commands::privacy::export_customer,
            commands::privacy::erase_customer,
            commands::replies::knowledge_articles,
            commands::replies::article_revisions,
            commands::replies::restore_article_revision,
            commands::replies::create_article,
            commands::replies::update_article,
            commands::replies::upload_article_image,
            commands::replies::create_quick_reply,
            commands::replies::update_quick_reply,
            commands::reply_list::delete_quick_reply,
            commands::reply_list::reorder_quick_replies,
            commands::reply_list::note_inserted,
            commands::search::search,
            commands::settings::settings,
            commands::settings::save_settings,
            commands::settings::do_not_disturb,
            commands::settings::set_do_not_disturb,
            commands::settings::stores,
            commands::settings::set_overdue_threshold,
            commands::diagnostics::export_diagnostics,
            commands::link::link_state,
        ])
        .events(collect_events![
            StoreChanged,
            LinkStateChanged,
            FocusConversation,
            DoNotDisturbChanged,
            SlotHotkey,
            SessionEnded,
            ExportProgress
        ])
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

/// Writes the TypeScript bindings.
pub fn export(path: &str) -> Result<(), String> {
    builder()
        .export(specta_typescript::Typescript::default().header("// GENERATED by tauri-specta from src-tauri/src/ipc.rs (`fiido-desk --export-bindings`): do not edit.\n"), path)
        .map_err(|e| e.to_string())
}
