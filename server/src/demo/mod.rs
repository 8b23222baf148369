//! The demo store (`--demo`).

use std::net::SocketAddr;

use crate::db::Db;

/// Fills the demo store when the database holds no store yet.
pub async fn fill_if_empty(_db: &Db) -> anyhow::Result<()> {
    Ok(())
}

/// Prints where the shop is and how to sign in.
pub fn print_welcome(local: SocketAddr) {
    println!("demo shop: http://{local}/demo/shop");
}
