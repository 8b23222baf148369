// One shared one-second tick for every live timer (waiting timers, the
// customer's local time), instead of one interval per row.

const state = $state({ now: Date.now() });
let timer: ReturnType<typeof setInterval> | null = null;

/** The current time in ms, reactive: re-read every second by whoever renders it. */
export function now(): number {
  if (timer === null) {
    timer = setInterval(() => {
      state.now = Date.now();
    }, 1000);
  }
  return state.now;
}
