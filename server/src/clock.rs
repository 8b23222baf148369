//! Wall-clock time in the unit the protocol uses. Tests may pin it to a
//! file holding Unix milliseconds (`--clock-file`): a fake clock, as the
//! project's testing rules allow, for business hours and time zones.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

static CLOCK_FILE: OnceLock<PathBuf> = OnceLock::new();

/// Makes the file the clock from now on (once, at startup).
pub fn use_clock_file(path: PathBuf) {
    let _ = CLOCK_FILE.set(path);
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    if let Some(ms) = CLOCK_FILE
        .get()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| text.trim().parse().ok())
    {
        return ms;
    }
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
