// Entry point: `<script src="https://desk.example/widget.js" data-store="fiido-eu" async></script>`.

import { ChatWidget } from "./chat";
import { readConfig } from "./config";
import { browserLanguage } from "./i18n";
import type { CartItem } from "./behaviour";

/** What the shop's own pages may tell the widget (CUST-3). */
interface FiidoChatApi {
  /** The visitor agreed (e.g. in the shop's cookie banner), or took it back. */
  consent(granted: boolean): void;
  /** The visitor is looking at a product. */
  viewed(sku: string): void;
  /** The visitor's cart changed: the whole cart now. */
  cart(items: CartItem[]): void;
  /** The visitor searched the shop. */
  searched(query: string): void;
}

declare global {
  interface Window {
    __fiidoDeskWidget?: boolean;
    FiidoChat?: FiidoChatApi;
  }
}

function boot(): void {
  if (window.__fiidoDeskWidget) return; // included twice: keep the first
  // Must run synchronously: document.currentScript is only set now.
  const config = readConfig();
  if (!config) {
    if (window.console) console.warn("[Fiido Desk] widget.js needs a data-store attribute on its <script> tag");
    return;
  }
  const widget = new ChatWidget(config, browserLanguage());
  window.__fiidoDeskWidget = true;
  const tracker = widget.behaviour;
  window.FiidoChat = {
    consent: (granted) => tracker.consent(Boolean(granted)),
    viewed: (sku) => tracker.viewed(sku),
    cart: (items) => tracker.cart(Array.isArray(items) ? items : []),
    searched: (query) => tracker.searched(query),
  };
  const mount = () => widget.mount();
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
}

boot();
