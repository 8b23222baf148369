// Turning a failed command into words. Commands reject with the error shape of
// docs/ipc.md ({ code, message, field }); a missing command or a crashed
// handler rejects with a plain string instead. The shape is restated here
// rather than imported, because the generated bindings name it after the Rust
// type behind the `DeskError` alias.
//
// The Rust core words its messages in English. When the desk speaks another
// language, the catalogue's `errors.{code}` says it in that language (the
// Rust message goes in as `{detail}` where the specifics matter, e.g. which
// field failed); a code the catalogue lacks keeps the Rust message. In
// English the Rust message is already in the desk's language and the most
// specific, so it is shown as it is.

import { get } from "svelte/store";
import { json } from "svelte-i18n";
import { currentLanguage, t } from "$lib/i18n.svelte";

type ErrorShape = { code: string; message: string; field?: string | null };

function isErrorShape(e: unknown): e is ErrorShape {
  return typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string";
}

/** The catalogue's words for an error code in the desk's language, if it has them. */
function catalogued(code: unknown, detail: string): string | null {
  if (typeof code !== "string" || !/^[a-z_]+$/.test(code) || currentLanguage() === "en") return null;
  const key = `errors.${code}`;
  return typeof get(json)(key) === "string" ? t(key, { detail }) : null;
}

/** The text to show for a failed command. */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  if (isErrorShape(e)) return catalogued(e.code, e.message) ?? e.message;
  return t("errors.generic");
}

/** The field an error points at, if any. */
export function errorField(e: unknown): string | null {
  return isErrorShape(e) && typeof e.field === "string" ? e.field : null;
}
