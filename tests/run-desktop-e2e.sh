#!/usr/bin/env bash
# One headless desktop session for the end-to-end tests: Xvfb, a private
# D-Bus session, an unlocked gnome-keyring (real Secret Service), a
# notification server and a tray watcher on that bus (tests/fakes), a
# throwaway HOME, and tauri-driver; then runs the given command. Kills only what it
# started. Usage: APP_BIN=... tests/run-desktop-e2e.sh cargo nextest run -p fiido-e2e
set -u
display=${E2E_DISPLAY:-:97}
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/tmp/fiido-e2e-xvfb.log 2>&1 &
xvfb=$!
for _ in $(seq 100); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display
# The session swaps HOME for a throwaway one; keep rustup and cargo working.
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
FAKES=$(cd "$(dirname "$0")/fakes" && pwd)
export FAKES
dbus-run-session -- bash -c '
  set -u
  export HOME=$(mktemp -d)
  # --unlock alone: a second --start races and can leave the keyring locked.
  eval "$(echo -n e2e | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  # Wait for that daemon to own the Secret Service name (asking the service
  # itself earlier would D-Bus-activate a second daemon with no login keyring).
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.05
  done
  unlocked=no
  for _ in $(seq 100); do
    busctl --user get-property org.freedesktop.secrets /org/freedesktop/secrets/collection/login \
      org.freedesktop.Secret.Collection Locked 2>/dev/null | grep -q false && { unlocked=yes; break; }
    sleep 0.05
  done
  [ "$unlocked" = yes ] || { echo "the keyring did not unlock" >&2; exit 90; }
  export NOTIFY_LOG=$HOME/notifications.jsonl SNI_LOG=$HOME/tray.log
  # The desk reads its alert clock from this file while it exists (tests move it).
  export FIIDO_CLOCK_FILE=$HOME/clock_ms
  : >"$NOTIFY_LOG"; : >"$SNI_LOG"
  /usr/bin/python3 "$FAKES/notification_server.py" >"$HOME/notifications.out" 2>&1 &
  notifications=$!
  /usr/bin/python3 "$FAKES/tray_watcher.py" >"$HOME/tray.out" 2>&1 &
  watcher=$!
  for name in org.freedesktop.Notifications org.kde.StatusNotifierWatcher; do
    for _ in $(seq 100); do busctl --user status "$name" >/dev/null 2>&1 && break; sleep 0.1; done
  done
  tauri-driver --port 4444 --native-port 4445 >"$HOME/tauri-driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
  "$@"; rc=$?
  kill $driver $notifications $watcher 2>/dev/null; wait $driver $notifications $watcher 2>/dev/null
  [ $rc -ne 0 ] && tail -n 30 "$HOME/tauri-driver.log" >&2
  exit $rc
' e2e "$@"
rc=$?
kill $xvfb; wait $xvfb 2>/dev/null
exit $rc
