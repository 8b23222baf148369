// Small presentation helpers shared by cards, headers and the customer panel.
// Amounts, country and language names follow the desk's language
// (intlLocale, one cached formatter per locale); units come from the catalogue.

import { currentLanguage, intlLocale, t } from "$lib/i18n.svelte";

/** Up to two initials from a display name ("Anna Müller" → "AM", "王芳" → "王芳"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0] ?? "";
  // CJK names read as a whole: take the first two characters.
  if (/^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(first)) return Array.from(first).slice(0, 2).join("");
  const a = Array.from(first)[0] ?? "";
  const b = words.length > 1 ? (Array.from(words[words.length - 1] ?? "")[0] ?? "") : "";
  return (a + b).toUpperCase();
}

// Avatar backgrounds: saturated enough for white text (contrast ≥ 4.5:1).
const AVATAR_COLOURS = [
  "#2563eb", "#7c3aed", "#db2777", "#dc2626", "#c2410c", "#b45309",
  "#15803d", "#0f766e", "#0e7490", "#4f46e5", "#9333ea", "#be123c",
];

/** A stable colour for a name, so a customer keeps their colour everywhere. */
export function avatarColour(name: string): string {
  let h = 2166136261;
  for (const ch of name) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619);
  }
  return AVATAR_COLOURS[(h >>> 0) % AVATAR_COLOURS.length] ?? "#2563eb";
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** An amount in minor units in its own currency, e.g. 139900 EUR → "€1,399.00". */
export function money(amountMinor: number, currency: string): string {
  const locale = intlLocale();
  const key = `${locale}|${currency}`;
  let fmt = moneyFormats.get(key);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat(locale, { style: "currency", currency });
    } catch {
      fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(key, fmt);
  }
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(amountMinor / 10 ** digits);
}

/** Intl.DisplayNames per locale and type; null where the engine lacks them. */
const displayNames = new Map<string, Intl.DisplayNames | null>();

function namesOf(type: "region" | "language"): Intl.DisplayNames | null {
  const locale = intlLocale();
  const key = `${locale}|${type}`;
  if (!displayNames.has(key)) {
    try {
      displayNames.set(key, new Intl.DisplayNames([locale], { type }));
    } catch {
      displayNames.set(key, null);
    }
  }
  return displayNames.get(key) ?? null;
}

/** "DE" → "Germany" (in the desk's language); unknown codes come back unchanged. */
export function countryName(code: string): string {
  const names = namesOf("region");
  try {
    return names?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "de" → "German" (in the desk's language); unknown codes come back unchanged. */
export function languageName(code: string): string {
  const names = namesOf("language");
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Upper-cases the first letter: "after-sales" → "After-sales". */
export function capitalise(s: string): string {
  return s.length === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lower case without accents, for matching what an agent types (Müller = muller). */
export function foldForMatch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** An average time for the stats views: "45 s", "12 min", "2 h 5 min"; "—" when there is none. */
export function duration(ms: number | null): string {
  // Read the language so a template showing a duration redraws when it changes.
  currentLanguage();
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return t("format.seconds", { count: s });
  const m = Math.round(s / 60);
  return m < 60 ? t("format.minutes", { count: m }) : t("format.hoursMinutes", { hours: Math.floor(m / 60), minutes: m % 60 });
}

/** One formatter per locale and kind, built on first use. */
function cached<F>(cache: Map<string, F>, locale: string, make: (locale: string) => F): F {
  let f = cache.get(locale);
  if (!f) {
    f = make(locale);
    cache.set(locale, f);
  }
  return f;
}

const countFormats = new Map<string, Intl.NumberFormat>();
/** A count in the desk's language (axis ticks, legend values): "1,234", "1.234". */
export function count(n: number, locale: string = intlLocale()): string {
  return cached(countFormats, locale, (l) => new Intl.NumberFormat(l)).format(n);
}

const decimalFormats = new Map<string, Intl.NumberFormat>();
/** One decimal in the desk's language: "12.5", "12,5". */
export function decimal(n: number): string {
  const make = (l: string) => new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return cached(decimalFormats, intlLocale(), make).format(n);
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
/** An hour of the day on the desk's clock: "09:00". */
export function hourLabel(hour: number): string {
  const make = (l: string) => new Intl.DateTimeFormat(l, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return cached(hourFormats, intlLocale(), make).format(new Date(2024, 0, 1, hour));
}

/** A preset quick-reply category in the desk's language; a custom one as the team wrote it. */
export function categoryLabel(category: string): string {
  const presets = ["presales", "aftersales", "logistics", "refund", "technical"];
  return presets.includes(category) ? t(`quickReplyEditor.categories.${category}`) : category;
}
