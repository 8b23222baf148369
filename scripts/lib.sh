# Shared by scripts/demo and scripts/test: where cargo builds, and a timer.
# shellcheck shell=bash
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/cache/fiido-target}"
mkdir -p "$CARGO_TARGET_DIR" 2>/dev/null || export CARGO_TARGET_DIR="$PWD/target"
SERVER_BIN="$CARGO_TARGET_DIR/debug/fiido-server"
DESK_BIN="$CARGO_TARGET_DIR/debug/fiido-desk"
export SERVER_BIN DESK_BIN
# Tools from PyPI (schemathesis), each in its own venv, outside the clone.
export FIIDO_TOOLS="${FIIDO_TOOLS:-/var/cache/fiido-tools}"

step_started=$SECONDS
step() {
  echo
  echo "== [$((SECONDS - step_started))s] $*"
}

# Cargo records absolute source paths of workspace crates, and two checkouts
# of this repository get the same artifact names: a target dir last used by
# another checkout would look fresh and link stale code. Rebuild our own
# crates (not the dependencies) when the checkout changed.
claim_target_dir() {
  local marker="$CARGO_TARGET_DIR/.fiido-checkout"
  if [ "$(cat "$marker" 2>/dev/null)" != "$PWD" ]; then
    echo "target dir $CARGO_TARGET_DIR was last used by another checkout: rebuilding the workspace crates"
    cargo clean -q -p fiido-desk -p fiido-protocol -p fiido-server -p fiido-desk-core -p fiido-testkit -p fiido-e2e -p fiido-loadbench 2>/dev/null || true
    echo "$PWD" > "$marker"
  fi
}
