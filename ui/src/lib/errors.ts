import type { DeskError } from "$lib/bindings";

/**
 * The text to show for a failed command. Commands reject with a DeskError; a
 * missing command or a crashed handler rejects with a plain string instead.
 */
export function errorText(e: DeskError | string | unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object" && "message" in e && typeof (e as DeskError).message === "string") {
    return (e as DeskError).message;
  }
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}

/** The field a DeskError points at, if any. */
export function errorField(e: unknown): string | null {
  if (e && typeof e === "object" && "field" in e) {
    const f = (e as DeskError).field;
    return typeof f === "string" ? f : null;
  }
  return null;
}
