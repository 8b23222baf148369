#!/usr/bin/python3
"""A notification server for the end-to-end tests: owns
org.freedesktop.Notifications on the session bus, appends each Notify call as
a JSON line to $NOTIFY_LOG, and lets a test click an action with
  gdbus call --session --dest org.freedesktop.Notifications \
    --object-path /org/freedesktop/Notifications \
    --method com.fiido.Test.Click <id> <action>
"""
import json
import os

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

SPEC = "org.freedesktop.Notifications"
LOG = os.environ["NOTIFY_LOG"]


class Notifications(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, "/org/freedesktop/Notifications")
        self.last_id = 0

    @dbus.service.method(SPEC, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body", "persistence"]

    @dbus.service.method(SPEC, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("fiido-test-notifications", "fiido", "1", "1.2")

    @dbus.service.method(SPEC, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces_id, icon, summary, body, actions, hints, timeout):
        if replaces_id:
            nid = int(replaces_id)
        else:
            self.last_id += 1
            nid = self.last_id
        record = {
            "id": nid,
            "replaces": int(replaces_id),
            "app": str(app),
            "summary": str(summary),
            "body": str(body),
            "actions": [str(a) for a in actions],
            "urgency": int(hints.get("urgency", 1)),
        }
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        return dbus.UInt32(nid)

    @dbus.service.method(SPEC, in_signature="u", out_signature="")
    def CloseNotification(self, nid):
        self.NotificationClosed(nid, 3)

    @dbus.service.signal(SPEC, signature="uu")
    def NotificationClosed(self, nid, reason):
        pass

    @dbus.service.signal(SPEC, signature="us")
    def ActionInvoked(self, nid, action):
        pass

    @dbus.service.method("com.fiido.Test", in_signature="us", out_signature="")
    def Click(self, nid, action):
        self.ActionInvoked(nid, action)
        self.NotificationClosed(nid, 2)


DBusGMainLoop(set_as_default=True)
session = dbus.SessionBus()
owned = dbus.service.BusName(SPEC, session, do_not_queue=True)
server = Notifications(session)
GLib.MainLoop().run()
