//! What the desk-core integration tests share: waiting on the engine, and a
//! desk signed in to the test server.

use std::sync::Arc;

use fiido_desk_core::store::Store;
use fiido_desk_core::sync::{spawn, ApiClient, EngineHandle};
use fiido_protocol::api::LoginResponse;
use fiido_testkit::{TestServer, WAIT};

/// Waits until `check` holds, re-checking on every change notice and link
/// change; fails after [`WAIT`] naming what it waited for.
pub async fn until(handle: &EngineHandle, what: &str, mut check: impl FnMut() -> bool) {
    let mut changes = handle.changes.subscribe();
    let mut link = handle.link.clone();
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check() {
        tokio::select! {
            _ = changes.recv() => {}
            _ = link.changed() => {}
            _ = tokio::time::sleep_until(deadline) => panic!("timed out waiting for: {what}"),
        }
    }
}

/// A desk (in-memory cache and engine) signed in as `email`, after its
/// first snapshot.
#[allow(dead_code)] // each test binary uses part of this module
pub async fn desk(server: &TestServer, email: &str) -> (Arc<Store>, EngineHandle, LoginResponse) {
    let login = ApiClient::login(&server.base, email, "demo")
        .await
        .expect("login");
    let store = Arc::new(Store::open_in_memory().unwrap());
    let handle = spawn(
        store.clone(),
        ApiClient::new(&server.base, login.token.clone()),
    );
    until(&handle, "the first snapshot", || {
        store.has_snapshot().unwrap()
    })
    .await;
    (store, handle, login)
}
