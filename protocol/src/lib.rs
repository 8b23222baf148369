//! The one definition of the Fiido Desk wire protocol.
//!
//! The hosted API and the desktop client both compile against this crate, so a
//! field, an error code or a limit can only change in one place.

pub mod api;
pub mod attachments;
pub mod cards;
pub mod channels;
pub mod error;
pub mod events;
pub mod limits;
pub mod model;
pub mod orders;
pub mod privacy;
pub mod stats;
pub mod tickets;
pub mod validate;
pub mod ws;

pub use error::{ApiError, ErrorBody, ErrorCode};
