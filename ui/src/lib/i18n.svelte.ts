// The desk's message catalogue (PLAT-6): every word the UI shows comes from
// ui/src/locales/{language}/{area}.json through svelte-i18n, so the desk
// speaks Chinese, English, German, French or Spanish and switches live.
// `scripts/check-i18n.mjs` fails the build on a string left in the code.

import { addMessages, init, locale, _, json } from "svelte-i18n";
import { get } from "svelte/store";
import { commands } from "$lib/bindings";

/** The languages the desk ships, in the order the settings offer them. */
export const LANGUAGES = [
  { code: "en", name: "English" }, // i18n-ignore
  { code: "zh", name: "中文" }, // i18n-ignore
  { code: "de", name: "Deutsch" }, // i18n-ignore
  { code: "fr", name: "Français" }, // i18n-ignore
  { code: "es", name: "Español" }, // i18n-ignore
] as const;

/** One of the shipped language codes. */
export type Language = (typeof LANGUAGES)[number]["code"];

const STORAGE_KEY = "fiido.language";

// A rune mirror of the language: Intl formatters read it, so a template
// that shows a date or an amount redraws when the language changes.
const state = $state<{ lang: Language }>({ lang: "en" });

// Each area's file sits under its own namespace: locales/de/composer.json's
// "send" is `composer.send`. Areas keep the catalogue in small files.
type Dictionary = Parameters<typeof addMessages>[1];
const files = import.meta.glob<Dictionary>("../locales/*/*.json", { eager: true, import: "default" });
for (const [path, messages] of Object.entries(files)) {
  const match = /locales\/([a-z]+)\/([\w-]+)\.json$/.exec(path);
  if (match?.[1] && match[2]) addMessages(match[1], { [match[2]]: messages } as Dictionary);
}

function isLanguage(code: string | null | undefined): code is Language {
  return LANGUAGES.some((l) => l.code === code);
}

/** The saved choice, else the OS language when the desk speaks it, else English. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  const primary = (navigator.language || "en").split("-")[0]?.toLowerCase();
  return isLanguage(primary) ? primary : "en";
}

/** Starts the catalogue before the first component renders. */
export function startI18n(): void {
  const first = initialLanguage();
  init({ fallbackLocale: "en", initialLocale: first });
  state.lang = first;
  document.documentElement.lang = first;
  tellCore(first);
  // The team window is another page: it follows a change made in the workbench.
  window.addEventListener("storage", (e) => {
    if (e.key === STORAGE_KEY && isLanguage(e.newValue)) apply(e.newValue);
  });
}

function apply(code: Language): void {
  document.documentElement.lang = code;
  state.lang = code;
  locale.set(code);
  tellCore(code);
}

/** The notifications and the tray are made in Rust: they follow too. */
function tellCore(code: Language): void {
  commands.setLanguage(code).catch(() => {
    // Outside the desktop app (a plain browser) there is no core to tell.
  });
}

/** Switches every open view to `code` at once and remembers it. */
export function setLanguage(code: Language): void {
  localStorage.setItem(STORAGE_KEY, code);
  apply(code);
}

/** The language the desk speaks now (reactive in templates). */
export function currentLanguage(): Language {
  return state.lang;
}

/**
 * The BCP 47 tag for Intl formatting: the desk's language with the OS
 * region when they agree (de + de-AT → de-AT), else the language alone.
 */
export function intlLocale(): string {
  const lang = currentLanguage();
  const os = navigator.language || "";
  return os.toLowerCase().startsWith(`${lang}-`) ? os : lang;
}

/** A message outside a component (plain .ts modules): `t("errors.offline")`. */
export function t(key: string, values?: Record<string, string | number | boolean | Date | null | undefined>): string {
  // Reading the rune makes a template that calls t() redraw on a switch.
  void state.lang;
  return get(_)(key, values ? { values } : undefined);
}

/** A message that is a list in the catalogue (e.g. weekday names). */
export function tList(key: string): string[] {
  const value = get(json)(key);
  return Array.isArray(value) ? value.map(String) : [];
}

export { _, locale };
