//! The desktop's error: the protocol's `{code, message, field}`, so the UI
//! shows server and local failures alike and keeps the agent's input.

use fiido_protocol::{ApiError, ErrorCode};

/// What commands return on failure.
pub type DeskError = ApiError;
/// Result of desk operations.
pub type DeskResult<T> = Result<T, DeskError>;

/// A local database failure, as the UI sees it.
pub fn storage(e: impl std::fmt::Display) -> DeskError {
    tracing::error!(error = %e, "local store error");
    ApiError::new(ErrorCode::Internal, format!("the local cache failed: {e}"))
}

/// A network failure, as the UI sees it.
pub fn unreachable(e: impl std::fmt::Display) -> DeskError {
    ApiError::new(
        ErrorCode::Unreachable,
        format!("the server cannot be reached: {e}"),
    )
}
