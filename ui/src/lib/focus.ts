/** A request to scroll to and flash one message (a search result, a find match). */
export type MessageFocus = { id: string; seq: number };

let seq = 0;

/** A new focus request: its own sequence number, so asking for the same message again still scrolls. */
export function focusOn(id: string): MessageFocus {
  seq += 1;
  return { id, seq };
}
