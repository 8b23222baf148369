//! The tray icon (PLAT-1): counts in its label, an alert variant of the icon
//! while something is overdue or a VIP waits, and a menu: open,
//! do-not-disturb, quit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::AppHandle;

use super::notify::raise;

const ICON: &[u8] = include_bytes!("../../icons/icon.png");
const ALERT_ICON: &[u8] = include_bytes!("../../icons/tray-alert.png");

/// The tray and the do-not-disturb switch it owns.
pub struct Tray {
    icon: TrayIcon,
    /// Silences notifications except for VIPs.
    pub do_not_disturb: Arc<AtomicBool>,
}

/// The label: what waits, how much of it is overdue, how many are VIPs.
pub fn label(waiting: i64, overdue: i64, vip: i64) -> String {
    if waiting == 0 {
        return "Nothing waiting".to_owned();
    }
    let mut parts = vec![format!("{waiting} waiting")];
    if overdue > 0 {
        parts.push(format!("{overdue} overdue"));
    }
    if vip > 0 {
        parts.push(format!("{vip} VIP"));
    }
    parts.join(" · ")
}

impl Tray {
    /// Builds the tray icon and its menu.
    pub fn build(app: &AppHandle) -> tauri::Result<Tray> {
        let do_not_disturb = Arc::new(AtomicBool::new(false));
        let open = MenuItem::with_id(app, "open", "Open Fiido Desk", true, None::<&str>)?;
        let dnd = CheckMenuItem::with_id(app, "dnd", "Do not disturb", true, false, None::<&str>)?;
        let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
        let separator = PredefinedMenuItem::separator(app)?;
        let menu = Menu::with_items(app, &[&open, &dnd, &separator, &quit])?;
        let flag = do_not_disturb.clone();
        let icon = TrayIconBuilder::with_id("fiido-desk")
            .icon(Image::from_bytes(ICON)?)
            .title(label(0, 0, 0))
            .tooltip("Fiido Desk")
            .menu(&menu)
            .on_menu_event(move |app, event| match event.id().as_ref() {
                "open" => raise(app),
                "dnd" => {
                    let on = !flag.load(Ordering::Relaxed);
                    flag.store(on, Ordering::Relaxed);
                    let _ = dnd.set_checked(on);
                    tracing::info!(on, "do-not-disturb toggled");
                }
                "quit" => {
                    tracing::info!("quit from the tray");
                    app.exit(0);
                }
                _ => {}
            })
            .build(app)?;
        Ok(Tray {
            icon,
            do_not_disturb,
        })
    }

    /// Shows the counts, and the alert icon while something is overdue or a
    /// VIP waits.
    pub fn update(&self, waiting: i64, overdue: i64, vip: i64) {
        let text = label(waiting, overdue, vip);
        let _ = self.icon.set_tooltip(Some(format!("Fiido Desk: {text}")));
        let _ = self.icon.set_title(Some(text));
        if let Ok(image) = Image::from_bytes(if vip > 0 || overdue > 0 {
            ALERT_ICON
        } else {
            ICON
        }) {
            let _ = self.icon.set_icon(Some(image));
        }
    }
}
