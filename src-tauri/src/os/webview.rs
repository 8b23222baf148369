//! Keeps the web view lean (issue 6: idle memory of the whole process tree).
//! The window shows one local page whose data comes over IPC, so WebKit's
//! browser caches (pages, decoded resources for back/forward) buy nothing.

use tauri::{Manager, Runtime};

/// Before GTK starts: on a machine without a GPU render node, WebKit's
/// DMA-BUF renderer would run Mesa's software GL (llvmpipe) in the app and
/// in the web process for no gain; the shared-memory path draws the same
/// pixels with far less memory. An explicit setting in the environment wins.
pub fn prefer_software_path_without_gpu() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    let has_gpu = std::fs::read_dir("/dev/dri")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false);
    if !has_gpu && std::env::var_os(VAR).is_none() {
        // Called first thing in main, while the process has one thread.
        std::env::set_var(VAR, "1");
    }
}

/// Tells WebKit this is a document viewer, not a browser: no page cache and
/// the smallest memory caches.
pub fn use_document_viewer_cache<R: Runtime>(app: &impl Manager<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let result = window.with_webview(|webview| {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        if let Some(context) = webview.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    if let Err(error) = result {
        tracing::warn!(%error, "could not set the web view's cache model");
    }
}
