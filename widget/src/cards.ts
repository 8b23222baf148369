// Cards in the chat (MSG-4, COM-5): a product, an order or a coupon the
// agent sent, or the preview of a link to the store's own product page.
// Built from the message's card snapshot with DOM calls only: every value is
// inserted as text; the one link is the store's own https product page.

import { h } from "./dom";
import type { Strings } from "./i18n";
import type { Card, Discount, Money } from "./types";

function formatMoney(m: Money, language: string): string {
  try {
    return new Intl.NumberFormat(language, { style: "currency", currency: m.currency }).format(m.amount_minor / 100);
  } catch {
    return `${(m.amount_minor / 100).toFixed(2)} ${m.currency}`;
  }
}

function formatDay(ms: number, language: string): string {
  try {
    return new Date(ms).toLocaleDateString(language, { day: "numeric", month: "short", year: "numeric" });
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

function discountText(d: Discount, t: Strings, language: string): string {
  return d.type === "percent" ? t.percentOff(d.percent) : t.amountOff(formatMoney(d.amount, language));
}

/** The card's element. */
export function renderCard(card: Card, t: Strings, language: string): HTMLElement {
  const root = h("div", { class: `card card-${card.kind}`, "data-testid": "widget-card", "data-kind": card.kind });
  if (card.kind === "product") {
    root.appendChild(h("div", { class: "card-title", "data-testid": "widget-card-title" }, [card.name]));
    const stock = card.in_stock
      ? t.inStock
      : card.restock_eta_days != null
        ? t.backIn(card.restock_eta_days)
        : t.outOfStock;
    root.appendChild(
      h("div", { class: "card-row" }, [
        h("span", { class: "card-price", "data-testid": "widget-card-price" }, [card.price ? formatMoney(card.price, language) : ""]),
        h("span", { class: card.in_stock ? "card-stock" : "card-stock out" }, [stock]),
      ]),
    );
    if (card.url.startsWith("https://")) {
      root.appendChild(
        h("a", { class: "card-action", href: card.url, target: "_blank", rel: "noopener noreferrer", "data-testid": "widget-card-link" }, [t.viewProduct]),
      );
    }
  } else if (card.kind === "order") {
    root.appendChild(
      h("div", { class: "card-row" }, [
        h("span", { class: "card-title", "data-testid": "widget-card-title" }, [t.orderLabel(card.number)]),
        h("span", { class: `card-status ${card.status}`, "data-testid": "widget-card-status" }, [t.orderStatus[card.status]]),
      ]),
    );
    const lines = h("ul", { class: "card-lines" }, card.lines.map((line) => h("li", {}, [line])));
    if (card.more_lines > 0) lines.appendChild(h("li", { class: "card-more" }, [t.moreLines(card.more_lines)]));
    root.appendChild(lines);
    root.appendChild(
      h("div", { class: "card-row" }, [
        h("span", { class: "card-price", "data-testid": "widget-card-price" }, [formatMoney(card.total, language)]),
        h("span", { class: "card-sub" }, [card.tracking_no ? `${card.carrier || ""} ${card.tracking_no}`.trim() : ""]),
      ]),
    );
  } else {
    root.appendChild(h("div", { class: "card-title", "data-testid": "widget-card-title" }, [card.title]));
    root.appendChild(
      h("div", { class: "card-row" }, [
        h("code", { class: "card-code", "data-testid": "widget-card-code" }, [card.code]),
        h("span", { class: "card-price" }, [discountText(card.discount, t, language)]),
      ]),
    );
    const terms: string[] = [];
    if (card.min_spend) terms.push(t.minSpend(formatMoney(card.min_spend, language)));
    if (card.expires_at != null) terms.push(t.until(formatDay(card.expires_at, language)));
    if (terms.length > 0) root.appendChild(h("div", { class: "card-sub" }, [terms.join(" · ")]));
    root.appendChild(
      h("button", { type: "button", class: "card-action copy-code", "data-code": card.code, "data-testid": "widget-copy-code" }, [t.copyCode]),
    );
  }
  return root;
}
