// Small message catalogue; the language comes from navigator.language.

import type { OrderStatus } from "./types";

export interface Strings {
  launcherOpen: string;
  launcherClose: string;
  title: string;
  subtitle: string;
  close: string;
  welcome: string;
  nameLabel: string;
  namePlaceholder: string;
  emailLabel: string;
  emailOptional: string;
  emailPlaceholder: string;
  start: string;
  starting: string;
  nameRequired: string;
  nameTooLong: string;
  emailInvalid: string;
  inputLabel: string;
  inputPlaceholder: string;
  send: string;
  sending: string;
  failed: string;
  retry: string;
  retryLabel: string;
  attach: string;
  download: string;
  sendingFile: (name: string) => string;
  you: string;
  emptyHistory: string;
  loading: string;
  reconnecting: string;
  sessionExpired: string;
  networkError: string;
  unread: (n: number) => string;
  /** "Lena is typing…" */
  typing: (name: string) => string;
  /** The visitor's place in the queue. */
  queue: (n: number) => string;
  messagesLabel: string;
  dismiss: string;
  /** Cards the agent sends (MSG-4). */
  viewProduct: string;
  inStock: string;
  outOfStock: string;
  backIn: (days: number) => string;
  orderLabel: (number: string) => string;
  orderStatus: Record<OrderStatus, string>;
  moreLines: (n: number) => string;
  percentOff: (percent: number) => string;
  amountOff: (amount: string) => string;
  minSpend: (amount: string) => string;
  until: (date: string) => string;
  copyCode: string;
  copied: string;
  /** An image in the chat, opened full size. */
  openImage: string;
  /** The satisfaction survey when the chat is closed (STAT-5). */
  surveyTitle: string;
  stars: (n: number) => string;
  surveyComment: string;
  surveySend: string;
  surveyLater: string;
  surveyThanks: string;
}

const en: Strings = {
  launcherOpen: "Open chat with Fiido support",
  launcherClose: "Close chat",
  title: "Fiido Support",
  subtitle: "We usually reply within a few minutes",
  close: "Close chat",
  welcome: "Hi! Questions about your e-bike, an order or a repair? Tell us who you are and we'll get started.",
  nameLabel: "Your name",
  namePlaceholder: "e.g. Anna",
  emailLabel: "E-mail",
  emailOptional: "(optional)",
  emailPlaceholder: "so we can reply if you leave",
  start: "Start chat",
  starting: "Starting…",
  nameRequired: "Please enter your name.",
  nameTooLong: "Your name can be at most 100 characters.",
  emailInvalid: "Please enter a valid e-mail address.",
  inputLabel: "Your message",
  inputPlaceholder: "Write a message…",
  send: "Send message",
  sending: "Sending…",
  failed: "Not sent.",
  retry: "Retry",
  retryLabel: "Retry sending this message",
  attach: "Send a file (images, PDF, XLSX, ZIP up to 10 MB)",
  download: "Download",
  sendingFile: (name) => `Sending ${name}…`,
  you: "You",
  emptyHistory: "Send us a message — we're happy to help.",
  loading: "Loading…",
  reconnecting: "Connection lost. Reconnecting…",
  sessionExpired: "Your chat session has ended. Please start a new chat.",
  networkError: "Could not reach Fiido support. Please check your connection.",
  unread: (n) => (n === 1 ? "1 unread message" : `${n} unread messages`),
  typing: (name) => `${name} is typing…`,
  queue: (n) => (n === 1 ? "You are next in line." : `You are number ${n} in line.`),
  messagesLabel: "Chat messages",
  dismiss: "Dismiss",
  viewProduct: "View product",
  inStock: "In stock",
  outOfStock: "Out of stock",
  backIn: (days) => (days === 1 ? "Back in 1 day" : `Back in ${days} days`),
  orderLabel: (number) => `Order ${number}`,
  orderStatus: {
    placed: "Placed",
    paid: "Paid",
    shipped: "Shipped",
    delivered: "Delivered",
    cancelled: "Cancelled",
    refunded: "Refunded",
  },
  moreLines: (n) => (n === 1 ? "and 1 more item" : `and ${n} more items`),
  percentOff: (percent) => `${percent} % off`,
  amountOff: (amount) => `${amount} off`,
  minSpend: (amount) => `Orders from ${amount}`,
  until: (date) => `Valid until ${date}`,
  copyCode: "Copy code",
  copied: "Copied",
  openImage: "Open the image",
  surveyTitle: "How did we do?",
  stars: (n) => (n === 1 ? "1 star" : `${n} stars`),
  surveyComment: "Anything to add? (optional)",
  surveySend: "Send rating",
  surveyLater: "Not now",
  surveyThanks: "Thank you for your feedback!",
};

const de: Strings = {
  launcherOpen: "Chat mit dem Fiido-Support öffnen",
  launcherClose: "Chat schließen",
  title: "Fiido Support",
  subtitle: "Wir antworten meist innerhalb weniger Minuten",
  close: "Chat schließen",
  welcome: "Hallo! Fragen zu deinem E-Bike, einer Bestellung oder einer Reparatur? Sag uns kurz, wer du bist, und los geht's.",
  nameLabel: "Dein Name",
  namePlaceholder: "z. B. Anna",
  emailLabel: "E-Mail",
  emailOptional: "(optional)",
  emailPlaceholder: "damit wir dir auch später antworten können",
  start: "Chat starten",
  starting: "Wird gestartet…",
  nameRequired: "Bitte gib deinen Namen ein.",
  nameTooLong: "Dein Name darf höchstens 100 Zeichen lang sein.",
  emailInvalid: "Bitte gib eine gültige E-Mail-Adresse ein.",
  inputLabel: "Deine Nachricht",
  inputPlaceholder: "Nachricht schreiben…",
  send: "Nachricht senden",
  sending: "Wird gesendet…",
  failed: "Nicht gesendet.",
  retry: "Erneut senden",
  retryLabel: "Diese Nachricht erneut senden",
  attach: "Datei senden (Bilder, PDF, XLSX, ZIP bis 10 MB)",
  download: "Herunterladen",
  sendingFile: (name) => `${name} wird gesendet…`,
  you: "Du",
  emptyHistory: "Schreib uns eine Nachricht – wir helfen gern.",
  loading: "Wird geladen…",
  reconnecting: "Verbindung unterbrochen. Neuer Versuch…",
  sessionExpired: "Deine Chat-Sitzung ist beendet. Bitte starte einen neuen Chat.",
  networkError: "Der Fiido-Support ist gerade nicht erreichbar. Bitte prüfe deine Verbindung.",
  unread: (n) => (n === 1 ? "1 ungelesene Nachricht" : `${n} ungelesene Nachrichten`),
  typing: (name) => `${name} schreibt…`,
  queue: (n) => (n === 1 ? "Du bist als Nächstes dran." : `Du bist Nummer ${n} in der Warteschlange.`),
  messagesLabel: "Chatnachrichten",
  dismiss: "Schließen",
  viewProduct: "Produkt ansehen",
  inStock: "Auf Lager",
  outOfStock: "Nicht auf Lager",
  backIn: (days) => (days === 1 ? "Wieder da in 1 Tag" : `Wieder da in ${days} Tagen`),
  orderLabel: (number) => `Bestellung ${number}`,
  orderStatus: {
    placed: "Aufgegeben",
    paid: "Bezahlt",
    shipped: "Versandt",
    delivered: "Zugestellt",
    cancelled: "Storniert",
    refunded: "Erstattet",
  },
  moreLines: (n) => (n === 1 ? "und 1 weiterer Artikel" : `und ${n} weitere Artikel`),
  percentOff: (percent) => `${percent} % Rabatt`,
  amountOff: (amount) => `${amount} Rabatt`,
  minSpend: (amount) => `Ab ${amount} Bestellwert`,
  until: (date) => `Gültig bis ${date}`,
  copyCode: "Code kopieren",
  copied: "Kopiert",
  openImage: "Bild öffnen",
  surveyTitle: "Wie zufrieden warst du?",
  stars: (n) => (n === 1 ? "1 Stern" : `${n} Sterne`),
  surveyComment: "Möchtest du noch etwas sagen? (optional)",
  surveySend: "Bewertung senden",
  surveyLater: "Später",
  surveyThanks: "Danke für deine Rückmeldung!",
};

const catalogue: Record<string, Strings> = { en, de };

/** Two-letter language code of the visitor's browser, e.g. "de"; "en" when unknown. */
export function browserLanguage(): string {
  const raw = (typeof navigator !== "undefined" && navigator.language) || "en";
  const code = raw.slice(0, 2).toLowerCase();
  return /^[a-z]{2}$/.test(code) ? code : "en";
}

export function stringsFor(language: string): Strings {
  return catalogue[language] || en;
}
