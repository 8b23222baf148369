//! Fiido Desk's hosted API (SPEC PLAT-9) as a library, so the binary, the
//! simulator and benchmarks share it.

pub mod after_sales;
pub mod app;
pub mod auth;
pub mod auto_reply;
pub mod bot;
pub mod cards;
pub mod carriers;
pub mod channels;
pub mod chat;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod dispatch;
pub mod error;
pub mod extract;
pub mod fanout;
pub mod hub;
pub mod idempotency;
pub mod mentions;
pub mod presence;
pub mod privacy_page;
pub mod routes;
pub mod routing;
pub mod serve;
pub mod shipping;
pub mod simulate;
pub mod snooze;
pub mod typing;
