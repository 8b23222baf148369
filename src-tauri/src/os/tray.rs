//! The tray icon (PLAT-1): counts in its label, an alert variant of the icon
//! while something is overdue or a VIP waits, and a menu: open,
//! available / away, do-not-disturb, quit.

use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager};

use fiido_desk_core::language::{tr, tray_label as label};
use fiido_protocol::model::AgentStatus;

use super::notify::raise;
use crate::alerts::Alerts;

const ICON: &[u8] = include_bytes!("../../icons/icon.png");
const ALERT_ICON: &[u8] = include_bytes!("../../icons/tray-alert.png");

/// The tray icon and its menu items that show a state.
pub struct Tray {
    icon: TrayIcon,
    open_item: MenuItem<tauri::Wry>,
    quit_item: MenuItem<tauri::Wry>,
    dnd_item: CheckMenuItem<tauri::Wry>,
    available_item: CheckMenuItem<tauri::Wry>,
    away_item: CheckMenuItem<tauri::Wry>,
}

impl Tray {
    /// Builds the tray icon and its menu.
    pub fn build(app: &AppHandle) -> tauri::Result<Tray> {
        let open = MenuItem::with_id(app, "open", tr("tray.open"), true, None::<&str>)?;
        let dnd = CheckMenuItem::with_id(app, "dnd", tr("tray.dnd"), true, false, None::<&str>)?;
        let available = CheckMenuItem::with_id(
            app,
            "available",
            tr("tray.available"),
            true,
            true,
            None::<&str>,
        )?;
        let away = CheckMenuItem::with_id(app, "away", tr("tray.away"), true, false, None::<&str>)?;
        let quit = MenuItem::with_id(app, "quit", tr("tray.quit"), true, None::<&str>)?;
        let menu = Menu::with_items(
            app,
            &[
                &open,
                &PredefinedMenuItem::separator(app)?,
                &available,
                &away,
                &dnd,
                &PredefinedMenuItem::separator(app)?,
                &quit,
            ],
        )?;
        let icon = TrayIconBuilder::with_id("fiido-desk")
            .icon(Image::from_bytes(ICON)?)
            .title(label(0, 0, 0))
            .tooltip("Fiido Desk")
            .menu(&menu)
            .on_menu_event(move |app, event| match event.id().as_ref() {
                "open" => raise(app),
                "available" | "away" => {
                    let status = if event.id().as_ref() == "away" {
                        AgentStatus::Away
                    } else {
                        AgentStatus::Available
                    };
                    let app = app.clone();
                    tauri::async_runtime::spawn(async move {
                        if let Err(error) =
                            crate::commands::settings::change_status(&app, status).await
                        {
                            tracing::warn!(error = %error.message, "could not change the status");
                        }
                    });
                }
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
            open_item: open,
            quit_item: quit,
            dnd_item: dnd,
            available_item: available,
            away_item: away,
        })
    }

    /// Names the menu's items in the language the core speaks now (PLAT-6).
    pub fn relabel(&self) {
        let _ = self.open_item.set_text(tr("tray.open"));
        let _ = self.dnd_item.set_text(tr("tray.dnd"));
        let _ = self.available_item.set_text(tr("tray.available"));
        let _ = self.away_item.set_text(tr("tray.away"));
        let _ = self.quit_item.set_text(tr("tray.quit"));
    }

    /// Shows the agent's status as the check mark of Available or Away.
    pub fn show_status(&self, status: AgentStatus) {
        let _ = self
            .available_item
            .set_checked(status == AgentStatus::Available);
        let _ = self.away_item.set_checked(status == AgentStatus::Away);
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
