//! The session token lives in the OS keyring (Secret Service on Linux) and
//! nowhere else (PLAT-3).

use fiido_protocol::{ApiError, ErrorCode};

/// The keyring service name of the desk's tokens.
const SERVICE: &str = "fiido-desk";

fn entry(account: &str) -> Result<keyring::Entry, ApiError> {
    keyring::Entry::new(SERVICE, account).map_err(keyring_error)
}

fn keyring_error(e: keyring::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("the system keyring is not available ({e}); unlock it or install a Secret Service such as gnome-keyring"),
    )
}

/// The keyring account of one agent on one server.
pub fn account(server_url: &str, agent_id: &str) -> String {
    format!("{agent_id}@{server_url}")
}

/// Stores a token.
pub fn save_token(account: &str, token: &str) -> Result<(), ApiError> {
    entry(account)?.set_password(token).map_err(keyring_error)
}

/// Reads a token; None when there is none.
pub fn load_token(account: &str) -> Result<Option<String>, ApiError> {
    match entry(account)?.get_password() {
        Ok(token) => Ok(Some(token)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

/// Deletes a token (logout, expired session).
pub fn delete_token(account: &str) -> Result<(), ApiError> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}
