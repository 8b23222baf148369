// Time formatting for the workbench. All inputs are Unix milliseconds.
// Dates and times follow the desk's language (intlLocale), words like
// "Yesterday" come from the catalogue.

import { intlLocale, t } from "$lib/i18n.svelte";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The formatters of one locale, made once per locale the desk has spoken. */
type Formats = {
  time: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
  dayMonth: Intl.DateTimeFormat;
  fullDate: Intl.DateTimeFormat;
  longDate: Intl.DateTimeFormat;
  stamp: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
};
const cache = new Map<string, Formats>();

/**
 * The formatters for the desk's language. Every formatter below starts here:
 * `intlLocale()` reads a rune, so a template showing a time (or "Yesterday")
 * redraws when the language changes.
 */
function formats(): Formats {
  const locale = intlLocale();
  let f = cache.get(locale);
  if (!f) {
    f = {
      time: new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: "short" }),
      dayMonth: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" }),
      fullDate: new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "2-digit" }),
      longDate: new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" }),
      stamp: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
      number: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    };
    cache.set(locale, f);
  }
  return f;
}

/** Midnight (local) of the day holding `ms`. */
function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** HH:mm (24 h). */
export function clockTime(ms: number): string {
  return formats().time.format(ms);
}

/** A list card's time: HH:mm today, "Yesterday", a weekday within a week, else a date. */
export function listTime(ms: number, now: number): string {
  const f = formats();
  const today = startOfDay(now);
  if (ms >= today) return f.time.format(ms);
  if (ms >= today - DAY) return t("time.yesterday");
  if (ms >= today - 6 * DAY) return f.weekday.format(ms);
  if (new Date(ms).getFullYear() === new Date(now).getFullYear()) return f.dayMonth.format(ms);
  return f.fullDate.format(ms);
}

/** The separator above the first message of a day. */
export function dayLabel(ms: number, now: number): string {
  const f = formats();
  const today = startOfDay(now);
  if (ms >= today) return t("time.today");
  if (ms >= today - DAY) return t("time.yesterday");
  return f.longDate.format(ms);
}

/** True when both instants fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** A full timestamp for tooltips. */
export function fullStamp(ms: number): string {
  return formats().stamp.format(ms);
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
    // The clock and the offset are read from a fixed locale (HH:mm, "GMT+2");
    // the weekday is shown, so it comes in the desk's language.
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "shortOffset",
    }).formatToParts(now);
    const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
    const offset = get("timeZoneName").replace("GMT", "UTC");
    const weekday = new Intl.DateTimeFormat(intlLocale(), { timeZone, weekday: "short" }).format(now);
    return { time: `${get("hour")}:${get("minute")}`, offset: offset === "UTC" ? "UTC+0" : offset, weekday };
  } catch {
    return null;
  }
}

/** Hours the zone is ahead of the agent, e.g. "+7 h" or "−6 h"; null when the same or unknown. */
export function offsetFromLocal(timeZone: string, now: number): string | null {
  const f = formats();
  try {
    const local = new Date(now);
    const there = new Date(local.toLocaleString("en-US", { timeZone }));
    const here = new Date(local.toLocaleString("en-US"));
    const diff = Math.round((there.getTime() - here.getTime()) / (30 * MINUTE)) / 2;
    if (diff === 0) return null;
    return t("time.hoursOffset", { offset: `${diff > 0 ? "+" : "−"}${f.number.format(Math.abs(diff))}` });
  } catch {
    return null;
  }
}
