// Turning a failed command into words. Commands reject with the error shape of
// docs/ipc.md ({ code, message, field }); a missing command or a crashed
// handler rejects with a plain string instead. The shape is restated here
// rather than imported, because the generated bindings name it after the Rust
// type behind the `DeskError` alias.

type ErrorShape = { code: string; message: string; field?: string | null };

function isErrorShape(e: unknown): e is ErrorShape {
  return typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string";
}

/** The text to show for a failed command. */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  if (isErrorShape(e)) return e.message;
  return "Something went wrong.";
}

/** The field an error points at, if any. */
export function errorField(e: unknown): string | null {
  return isErrorShape(e) && typeof e.field === "string" ? e.field : null;
}
