//! What the desk takes from the operating system.

pub mod hotkeys;
pub mod logs;
pub mod media_scheme;
pub mod notify;
pub mod secrets;
pub mod tray;
pub mod webview;
