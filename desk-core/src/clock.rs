//! The desk's clock for alert timing (AUTO-2). It is the system clock,
//! unless `FIIDO_CLOCK_FILE` names a file holding Unix milliseconds: then
//! that file is the time, so end-to-end tests can move it (a fake clock, as
//! the project's testing rules allow).

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    if let Some(path) = std::env::var_os("FIIDO_CLOCK_FILE") {
        if let Some(ms) = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.trim().parse().ok())
        {
            return ms;
        }
    }
    crate::store::now_ms()
}
