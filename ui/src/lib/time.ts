// Time formatting for the workbench. All inputs are Unix milliseconds.

const MINUTE = 60_000;
const DAY = 86_400_000;

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const dayMonthFmt = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const fullDateFmt = new Intl.DateTimeFormat(undefined, { day: "2-digit", month: "2-digit", year: "2-digit" });
const longDateFmt = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
const stampFmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Midnight (local) of the day holding `ms`. */
function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** HH:mm (24 h). */
export function clockTime(ms: number): string {
  return timeFmt.format(ms);
}

/** A list card's time: HH:mm today, "Yesterday", a weekday within a week, else a date. */
export function listTime(ms: number, now: number): string {
  const today = startOfDay(now);
  if (ms >= today) return clockTime(ms);
  if (ms >= today - DAY) return "Yesterday";
  if (ms >= today - 6 * DAY) return weekdayFmt.format(ms);
  if (new Date(ms).getFullYear() === new Date(now).getFullYear()) return dayMonthFmt.format(ms);
  return fullDateFmt.format(ms);
}

/** The separator above the first message of a day. */
export function dayLabel(ms: number, now: number): string {
  const today = startOfDay(now);
  if (ms >= today) return "Today";
  if (ms >= today - DAY) return "Yesterday";
  return longDateFmt.format(ms);
}

/** True when both instants fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** A full timestamp for tooltips. */
export function fullStamp(ms: number): string {
  return stampFmt.format(ms);
}

/** A waiting timer: mm:ss, or h:mm:ss after an hour; never negative. */
export function waitingClock(since: number, now: number): string {
  const total = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}


/** The wall-clock time in an IANA zone, plus its UTC offset; null when the zone is unknown. */
export function zonedTime(timeZone: string, now: number): { time: string; offset: string; weekday: string } | null {
  try {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      weekday: "short",
      timeZoneName: "shortOffset",
    }).formatToParts(now);
    const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
    const offset = get("timeZoneName").replace("GMT", "UTC");
    return { time: `${get("hour")}:${get("minute")}`, offset: offset === "UTC" ? "UTC+0" : offset, weekday: get("weekday") };
  } catch {
    return null;
  }
}

/** Hours the zone is ahead of the agent, e.g. "+7 h" or "−6 h"; null when the same or unknown. */
export function offsetFromLocal(timeZone: string, now: number): string | null {
  try {
    const local = new Date(now);
    const there = new Date(local.toLocaleString("en-US", { timeZone }));
    const here = new Date(local.toLocaleString("en-US"));
    const diff = Math.round((there.getTime() - here.getTime()) / (30 * MINUTE)) / 2;
    if (diff === 0) return null;
    return `${diff > 0 ? "+" : "−"}${Math.abs(diff)} h`;
  } catch {
    return null;
  }
}
