// Draft persistence for the composer (MSG-8). Writes go to the store through
// `saveDraft`; until a write is confirmed its text is remembered here, so
// switching away and straight back never shows an older stored draft.

import { commands } from "$lib/bindings";
import { errorText } from "$lib/errors";

const unconfirmed = new Map<string, string>();

/** Stores a conversation's draft; resolves to an error text, or null when saved. */
export async function persistDraft(conversationId: string, body: string): Promise<string | null> {
  unconfirmed.set(conversationId, body);
  try {
    const r = await commands.saveDraft(conversationId, body);
    if (r.status === "error") return errorText(r.error);
    if (unconfirmed.get(conversationId) === body) unconfirmed.delete(conversationId);
    return null;
  } catch (e) {
    return errorText(e);
  }
}

/** The draft to show on opening: a write still in flight wins over the stored one. */
export function draftFor(conversationId: string, stored: string): string {
  return unconfirmed.get(conversationId) ?? stored;
}

/** The message was sent: the store cleared its draft, so forget ours. */
export function forgetDraft(conversationId: string): void {
  unconfirmed.delete(conversationId);
}
