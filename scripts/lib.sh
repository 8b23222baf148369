# Shared by scripts/demo and scripts/test: where cargo builds, and a timer.
# shellcheck shell=bash
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/fiido-target}"
mkdir -p "$CARGO_TARGET_DIR" 2>/dev/null || export CARGO_TARGET_DIR="$PWD/target"
SERVER_BIN="$CARGO_TARGET_DIR/debug/fiido-server"
DESK_BIN="$CARGO_TARGET_DIR/debug/fiido-desk"
export SERVER_BIN DESK_BIN

step_started=$SECONDS
step() {
  echo
  echo "== [$((SECONDS - step_started))s] $*"
}
