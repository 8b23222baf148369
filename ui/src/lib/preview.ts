// One-line previews of message bodies for the conversation list.

import type { Author } from "$lib/bindings";
import { t } from "$lib/i18n.svelte";

/** Markdown source → plain text on one line (no **, links become their text). */
export function plainPreview(body: string): string {
  return body
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__|~~|`)/g, "")
    .replace(/(^|\s)[*_](\S)/g, "$1$2")
    .replace(/(\S)[*_](\s|$)/g, "$1$2")
    .replace(/^\s*(#+|>|[-*+]|\d+\.)\s+/gm, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Who spoke last, as a prefix for the preview. */
export function authorPrefix(author: Author | null): string {
  switch (author) {
    case "agent":
      return t("preview.you");
    case "bot":
      return t("preview.bot");
    default:
      return "";
  }
}
