//! The product finder (COM-4): products from the local cache, offline, and
//! a product's link with UTM parameters to put into a reply.

use fiido_desk_core::DeskError;
use fiido_protocol::model::Product;
use tauri::State;

use crate::session::AppState;

/// How many products the finder lists at most.
const LIMIT: usize = 50;

/// Products by name, or those matching `query` (name, SKU, model,
/// category), best first.
#[tauri::command]
#[specta::specta]
pub async fn products(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<Product>, DeskError> {
    state
        .with_session(|s| s.store.products(&query, LIMIT))
        .await
}

/// A product's page on the store's site, with UTM parameters.
#[tauri::command]
#[specta::specta]
pub async fn product_link(
    state: State<'_, AppState>,
    store_id: String,
    sku: String,
) -> Result<String, DeskError> {
    state
        .with_session(|s| s.store.product_link(&store_id, &sku))
        .await
}
