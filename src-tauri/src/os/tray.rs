//! The tray icon (PLAT-1): counts in its label, an alert variant of the icon
//! while something is overdue or a VIP waits, and a menu: open,
//! do-not-disturb, quit.

use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager};

use super::notify::raise;
use crate::alerts::Alerts;

const ICON: &[u8] = include_bytes!("../../icons/icon.png");
const ALERT_ICON: &[u8] = include_bytes!("../../icons/tray-alert.png");

/// The tray icon and its do-not-disturb menu item.
pub struct Tray {
    icon: TrayIcon,
    dnd_item: CheckMenuItem<tauri::Wry>,
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
        let open = MenuItem::with_id(app, "open", "Open Fiido Desk", true, None::<&str>)?;
        let dnd = CheckMenuItem::with_id(app, "dnd", "Do not disturb", true, false, None::<&str>)?;
        let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
        let separator = PredefinedMenuItem::separator(app)?;
        let menu = Menu::with_items(app, &[&open, &dnd, &separator, &quit])?;
        let icon = TrayIconBuilder::with_id("fiido-desk")
            .icon(Image::from_bytes(ICON)?)
            .title(label(0, 0, 0))
            .tooltip("Fiido Desk")
            .menu(&menu)
            .on_menu_event(move |app, event| match event.id().as_ref() {
                "open" => raise(app),
                "dnd" => {
                    if let Some(alerts) = app.try_state::<Alerts>() {
                        alerts.set_do_not_disturb(app, !alerts.do_not_disturb());
                    }
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
            dnd_item: dnd,
        })
    }

    /// Shows do-not-disturb's state as the menu item's check mark.
    pub fn show_do_not_disturb(&self, on: bool) {
        let _ = self.dnd_item.set_checked(on);
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
