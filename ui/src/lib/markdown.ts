// Light Markdown for message bodies (MSG-1): bold, italic, strikethrough,
// code, lists, quotes and links; articles (KB-2) also get headings and
// tables. marked turns text into HTML, then DOMPurify keeps only that set,
// so HTML typed by anyone is never rendered. Images in messages become links:
// they would load remote content (tracking pixels), which the CSP forbids
// anyway. Articles may show the team's own uploaded images (/api/v1/media/…),
// which the desk serves from its cache over the media: scheme, offline too.

import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

const safeParts = {
  // Raw HTML in the source is shown as text, not interpreted.
  html(token: Tokens.HTML | Tokens.Tag): string {
    return escapeHtml(token.text);
  },
  // Images would load remote content (tracking pixels): show the link instead.
  image(token: Tokens.Image): string {
    return `<a href="${escapeHtml(token.href)}">${escapeHtml(token.text || token.href)}</a>`;
  },
};

const marked = new Marked({
  async: false,
  gfm: true,
  breaks: true,
  renderer: {
    ...safeParts,
    // Headings are too loud inside a chat bubble: keep them as strong paragraphs.
    heading(token: Tokens.Heading): string {
      return `<p><strong>${this.parser.parseInline(token.tokens)}</strong></p>`;
    },
  },
});

const MEDIA_SRC = /^\/api\/v1\/media\/([0-9a-f]{64})$/;
const MEDIA_URL = /^media:\/\/localhost\/[0-9a-f]{64}$/;

const articleMarked = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  renderer: {
    ...safeParts,
    // The team's uploaded images show; any other stays a link.
    image(token: Tokens.Image): string {
      const id = MEDIA_SRC.exec(token.href)?.[1];
      if (!id) return safeParts.image(token);
      return `<img src="media://localhost/${id}" alt="${escapeHtml(token.text)}">`; // i18n-ignore: HTML, the alt text is the author's
    },
  },
});

const ALLOWED_TAGS = ["p", "br", "strong", "b", "em", "i", "del", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote"];
const ARTICLE_TAGS = [...ALLOWED_TAGS, "h1", "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td", "img"];
const ALLOWED_ATTR = ["href", "title"];
const ARTICLE_ATTR = [...ALLOWED_ATTR, "src", "alt"];
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
    node.setAttribute("rel", "noopener noreferrer nofollow"); // i18n-ignore: link types
  }
  // Only the team's cached images load; anything else keeps no source.
  if (node.tagName === "IMG" && !MEDIA_URL.test(node.getAttribute("src") ?? "")) {
    node.removeAttribute("src");
  }
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sanitize(html: string, tags: string[], attributes: string[] = ALLOWED_ATTR, uris = ALLOWED_URI): string {
  return purifier.sanitize(html, {
    ALLOWED_TAGS: tags,
    ALLOWED_ATTR: attributes,
    ALLOWED_URI_REGEXP: uris,
    KEEP_CONTENT: true,
  });
}

/** Safe HTML for a message body. */
export function renderMarkdown(source: string): string {
  return sanitize(marked.parse(source) as string, ALLOWED_TAGS);
}

/** Safe HTML for a knowledge article: headings and tables too. */
export function renderArticle(source: string): string {
  return sanitize(articleMarked.parse(source) as string, ARTICLE_TAGS, ARTICLE_ATTR, /^(?:https?:|mailto:|media:\/\/localhost\/)/i);
}
