import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { startI18n, t } from "./lib/i18n.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app is missing from index.html");

/**
 * WebKitGTK reports the process locale as the page's language: under
 * LANG=C that is "C", not a language tag, and libraries that pass it to
 * Intl (uPlot does, at load) throw. Such a desk reads as American English.
 */
function repairLanguage(): void {
  try {
    new Intl.NumberFormat(navigator.language);
  } catch {
    Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
  }
}

repairLanguage();
startI18n();

// The team-stats window (STAT-1) loads the same page with its own hash; its
// code (and the chart library) loads only there, not in the workbench.
if (window.location.hash === "#team-stats") {
  import("./lib/TeamStats.svelte")
    .then(({ default: TeamStats }) => mount(TeamStats, { target }))
    .catch((e: unknown) => {
      target.textContent = t("app.teamStatsFailed", { error: String(e) });
    });
} else {
  mount(App, { target });
}
