// Light Markdown for message bodies (MSG-1): bold, italic, strikethrough,
// code, lists, quotes and links. marked turns text into HTML, then DOMPurify
// keeps only that small set, so HTML typed by a customer is never rendered.

import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

const marked = new Marked({
  async: false,
  gfm: true,
  breaks: true,
  renderer: {
    // Raw HTML in the source is shown as text, not interpreted.
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    // Images would load remote content (tracking pixels): show the link instead.
    image(token: Tokens.Image): string {
      return `<a href="${escapeHtml(token.href)}">${escapeHtml(token.text || token.href)}</a>`;
    },
    // Headings are too loud inside a chat bubble: keep them as strong paragraphs.
    heading(token: Tokens.Heading): string {
      return `<p><strong>${this.parser.parseInline(token.tokens)}</strong></p>`;
    },
  },
});

const ALLOWED_TAGS = ["p", "br", "strong", "b", "em", "i", "del", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote"];
const ALLOWED_ATTR = ["href", "title"];
// http(s) and mailto only: no javascript:, data:, file: or app-internal schemes.
const ALLOWED_URI = /^(?:https?:|mailto:)/i;

const purifier = DOMPurify();
purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    const href = node.getAttribute("href") ?? "";
    if (!ALLOWED_URI.test(href)) {
      node.removeAttribute("href");
      return;
    }
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Safe HTML for a message body. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_URI,
    KEEP_CONTENT: true,
  });
}
