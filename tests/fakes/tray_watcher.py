#!/usr/bin/python3
"""A StatusNotifierWatcher for the end-to-end tests, so the app's tray item
registers on a desktop without a panel; each registration is appended to
$SNI_LOG as `ITEM <bus name> <object path>`."""
import os

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

WATCHER = "org.kde.StatusNotifierWatcher"
LOG = os.environ["SNI_LOG"]


class Watcher(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, "/StatusNotifierWatcher")
        self.items = []

    @dbus.service.method(WATCHER, in_signature="s", out_signature="", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service, sender=None):
        bus_name, path = (sender, service) if service.startswith("/") else (service, "/StatusNotifierItem")
        self.items.append(bus_name + path)
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(f"ITEM {bus_name} {path}\n")
        self.StatusNotifierItemRegistered(bus_name + path)

    @dbus.service.method(WATCHER, in_signature="s", out_signature="")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemRegistered(self, item):
        pass

    @dbus.service.signal(WATCHER, signature="")
    def StatusNotifierHostRegistered(self):
        pass

    def properties(self):
        return {
            "RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
            "IsStatusNotifierHostRegistered": True,
            "ProtocolVersion": dbus.Int32(0),
        }

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        return self.properties()[name]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return self.properties()


DBusGMainLoop(set_as_default=True)
session = dbus.SessionBus()
owned = dbus.service.BusName(WATCHER, session, do_not_queue=True)
watcher = Watcher(session)
GLib.MainLoop().run()
