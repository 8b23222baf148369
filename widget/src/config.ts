// Where the widget came from: the store key and the API base URL, both taken
// from the <script> tag that loaded it (so it also works cross-origin).

export interface WidgetConfig {
  store: string;
  /** Base URL ending in "/", e.g. "https://desk.example.com/"; API paths resolve against it. */
  baseUrl: string;
}

function findScript(): HTMLScriptElement | null {
  // currentScript is set while a classic script (async or not) first runs.
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  // Fallback (e.g. when loaded through a tag manager): the tag with data-store.
  const candidates = document.querySelectorAll<HTMLScriptElement>("script[data-store][src]");
  for (let i = candidates.length - 1; i >= 0; i--) {
    if (/widget(\.min)?\.js(\?|#|$)/.test(candidates[i].src)) return candidates[i];
  }
  return candidates.length ? candidates[candidates.length - 1] : null;
}

/** Reads the config; call synchronously at script start (currentScript is gone later). */
export function readConfig(): WidgetConfig | null {
  const script = findScript();
  if (!script) return null;
  const store = (script.getAttribute("data-store") || "").trim();
  if (!store) return null;
  // The API lives next to widget.js: https://host/widget.js -> https://host/
  // (and https://host/desk/widget.js -> https://host/desk/ behind a path prefix).
  const override = script.getAttribute("data-api-base");
  const base = new URL(override || ".", new URL(script.src, document.baseURI));
  if (!/\/$/.test(base.pathname)) base.pathname += "/";
  base.search = "";
  base.hash = "";
  return { store, baseUrl: base.href };
}

/** http(s) URL for an API path such as "api/v1/widget/messages". */
export function httpUrl(baseUrl: string, path: string): string {
  return new URL(path.replace(/^\//, ""), baseUrl).href;
}

/** ws(s) URL for a WebSocket path, derived from the base URL's scheme. */
export function wsUrl(baseUrl: string, path: string): string {
  const url = new URL(path.replace(/^\//, ""), baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}
