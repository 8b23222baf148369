//! What the desk takes from the operating system.

pub mod secrets;
