// Entry point: `<script src="https://desk.example/widget.js" data-store="fiido-eu" async></script>`.

import { ChatWidget } from "./chat";
import { readConfig } from "./config";
import { browserLanguage } from "./i18n";

declare global {
  interface Window {
    __fiidoDeskWidget?: boolean;
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
  const mount = () => widget.mount();
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
}

boot();
