"""A stand-in org.kde.StatusNotifierWatcher for tests (python3-gi, GLib's GDBus).

Owns org.kde.StatusNotifierWatcher on the session bus named by DBUS_SESSION_BUS_ADDRESS and serves
/StatusNotifierWatcher, whose IsStatusNotifierHostRegistered property answers argv[1]: `true`,
`false`, or `hang` (the property read blocks, as a wedged watcher would). Prints `ready` once the
name is owned. The interface is the one KDE's watcher exports (kf5 org.kde.StatusNotifierWatcher.xml).
"""
import sys
import time

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

WATCHER = "org.kde.StatusNotifierWatcher"
XML = """<node><interface name="org.kde.StatusNotifierWatcher">
  <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
  <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
  <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
  <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
  <property name="ProtocolVersion" type="i" access="read"/>
</interface></node>"""

mode = sys.argv[1] if len(sys.argv) > 1 else "true"
if mode not in ("true", "false", "hang"):
    sys.exit(f"usage: {sys.argv[0]} true|false|hang")
interface = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]


def get_property(_connection, _sender, _path, _interface, name):
    if name == "IsStatusNotifierHostRegistered":
        if mode == "hang":
            time.sleep(60)
        return GLib.Variant("b", mode == "true")
    if name == "ProtocolVersion":
        return GLib.Variant("i", 0)
    return GLib.Variant("as", [])


def method_call(_connection, _sender, _path, _interface, _method, _parameters, invocation):
    invocation.return_value(None)


def bus_acquired(connection, _name):
    connection.register_object("/StatusNotifierWatcher", interface, method_call, get_property, None)


def name_acquired(_connection, _name):
    print("ready", flush=True)


def name_lost(_connection, name):
    print(f"could not own {name} on the session bus", file=sys.stderr, flush=True)
    sys.exit(1)


Gio.bus_own_name(Gio.BusType.SESSION, WATCHER, Gio.BusNameOwnerFlags.NONE, bus_acquired, name_acquired, name_lost)
GLib.MainLoop().run()
