// All DOM of the widget, inside a Shadow DOM. Message text is set with
// textContent only; the view never parses strings as HTML.

import { entryAuthor, entryBody, entryState, entryTime, type Entry } from "./conversation";
import { renderCard } from "./cards";
import { h, icon, ICON_CHAT, ICON_CHEVRON, ICON_CLIP, ICON_CLOSE, ICON_SEND } from "./dom";
import type { Strings } from "./i18n";
import { css } from "./styles";

export interface ViewHandlers {
  onOpenChange(open: boolean): void;
  /** `share`: the visitor agreed to share their shop activity (CUST-3). */
  onStart(name: string, email: string, share: boolean): void;
  onSend(text: string): void;
  onRetry(clientId: string): void;
  /** The visitor typed in the message box. */
  onTyping(): void;
  /** The visitor picked a file to send (MSG-3). */
  onAttach(file: File): void;
  /** The visitor wants a file of the conversation. */
  onDownload(id: string, name: string): void;
  /** An image of the conversation to show inline: a local object URL, or null. */
  onThumbnail(id: string): Promise<string | null>;
}

export type Mode = "loading" | "start" | "chat";
export type Field = "name" | "email" | "body";

interface MessageNode {
  root: HTMLDivElement;
  author: HTMLDivElement | null;
  bubble: HTMLDivElement;
  meta: HTMLDivElement;
  signature: string;
}

let uid = 0;

export class WidgetView {
  private readonly host: HTMLElement;
  private readonly shadow: ShadowRoot;
  private readonly panel: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly titleText: HTMLHeadingElement;
  private typingLine: HTMLParagraphElement | null = null;
  private queueLine: HTMLParagraphElement | null = null;
  private survey: HTMLFormElement | null = null;
  private readonly status: HTMLDivElement;
  private readonly errorBox: HTMLDivElement;
  private readonly errorText: HTMLSpanElement;
  private readonly body: HTMLDivElement;
  private readonly ids = `fd${++uid}`;

  private mode: Mode | null = null;
  private hadFocus = false;
  private open = false;

  // Start form (present only in "start" mode).
  private nameInput: HTMLInputElement | null = null;
  private emailInput: HTMLInputElement | null = null;
  private shareInput: HTMLInputElement | null = null;
  private startButton: HTMLButtonElement | null = null;

  // Chat (present only in "chat" mode).
  private list: HTMLDivElement | null = null;
  private empty: HTMLParagraphElement | null = null;
  private input: HTMLTextAreaElement | null = null;
  private nodes = new Map<string, MessageNode>();
  private readonly timeFormat: Intl.DateTimeFormat | null;

  constructor(
    private readonly t: Strings,
    private readonly language: string,
    private readonly handlers: ViewHandlers,
  ) {
    try {
      this.timeFormat = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" });
    } catch {
      this.timeFormat = null;
    }

    this.host = document.createElement("fiido-desk-widget");
    this.host.setAttribute("data-fiido-desk", "");
    this.shadow = this.host.attachShadow({ mode: "open" });

    const style = document.createElement("style");
    style.textContent = css;

    const closeButton = h("button", { type: "button", class: "close", "aria-label": t.close, title: t.close, "data-testid": "widget-close" }, [
      icon(ICON_CHEVRON),
    ]);
    closeButton.addEventListener("click", () => this.handlers.onOpenChange(false));

    this.status = h("div", { class: "status", role: "status", "data-testid": "widget-status", hidden: true }, [t.reconnecting]);
    this.errorText = h("span", { class: "error-text" });
    const dismiss = h("button", { type: "button", class: "dismiss", "aria-label": t.dismiss, title: t.dismiss }, [icon(ICON_CLOSE)]);
    dismiss.addEventListener("click", () => this.showError(null));
    this.errorBox = h("div", { class: "error", role: "alert", "data-testid": "widget-error", hidden: true }, [this.errorText, dismiss]);
    this.body = h("div", { class: "body" });

    const titleId = `${this.ids}-title`;
    this.panel = h(
      "section",
      { class: "panel", id: `${this.ids}-panel`, role: "dialog", tabindex: "-1", "aria-labelledby": titleId, "data-testid": "widget-panel", hidden: true },
      [
        h("header", { class: "header" }, [
          h("div", { class: "logo", "aria-hidden": "true" }, ["F"]),
          h("div", { class: "heading" }, [
            (this.titleText = h("h2", { class: "title", id: titleId }, [t.title])),
            h("p", { class: "subtitle" }, [h("span", { class: "dot", "aria-hidden": "true" }), t.subtitle]),
          ]),
          closeButton,
        ]),
        this.status,
        this.errorBox,
        this.body,
      ],
    );
    this.panel.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && !ev.isComposing) {
        ev.stopPropagation();
        this.handlers.onOpenChange(false);
      }
    });

    this.badge = h("span", { class: "badge", "data-testid": "widget-unread", hidden: true });
    this.launcher = h(
      "button",
      {
        type: "button",
        class: "launcher",
        "aria-label": t.launcherOpen,
        "aria-expanded": "false",
        "aria-controls": `${this.ids}-panel`,
        "data-testid": "widget-launcher",
      },
      [icon(ICON_CHAT), this.badge],
    );
    this.launcher.addEventListener("click", () => this.handlers.onOpenChange(!this.open));

    this.shadow.appendChild(style);
    this.shadow.appendChild(this.panel);
    this.shadow.appendChild(this.launcher);
  }

  mount(): void {
    if (!this.host.isConnected) document.body.appendChild(this.host);
  }

  get isOpen(): boolean {
    return this.open;
  }

  get currentMode(): Mode | null {
    return this.mode;
  }

  setOpen(open: boolean, focus = true): void {
    this.open = open;
    this.panel.hidden = !open;
    this.launcher.classList.toggle("open", open);
    this.launcher.setAttribute("aria-expanded", String(open));
    this.launcher.setAttribute("aria-label", open ? this.t.launcherClose : this.t.launcherOpen);
    this.launcher.replaceChild(icon(open ? ICON_CLOSE : ICON_CHAT), this.launcher.firstChild as Node);
    if (open) {
      this.scrollToBottom();
      if (focus) this.focusPrimary();
    } else if (focus && this.shadow.activeElement && this.shadow.activeElement !== this.launcher) {
      this.launcher.focus();
    }
  }

  setTitle(text: string): void {
    this.titleText.textContent = text;
  }

  setUnread(count: number): void {
    this.badge.hidden = count <= 0;
    this.badge.textContent = count > 9 ? "9+" : String(count);
    const label = count > 0 ? `${this.t.launcherOpen} (${this.t.unread(count)})` : this.t.launcherOpen;
    if (!this.open) this.launcher.setAttribute("aria-label", label);
  }

  setReconnecting(show: boolean): void {
    this.status.hidden = !show;
  }

  /** Shows (or with null clears) an error for the visitor; `field` marks the offending input. */
  showError(message: string | null, field: Field | null = null): void {
    this.errorText.textContent = message || "";
    this.errorBox.hidden = !message;
    const inputs: [Field, HTMLElement | null][] = [
      ["name", this.nameInput],
      ["email", this.emailInput],
      ["body", this.input],
    ];
    for (const [f, el] of inputs) {
      if (!el) continue;
      if (message && field === f) {
        el.setAttribute("aria-invalid", "true");
        el.setAttribute("aria-describedby", `${this.ids}-error`);
      } else {
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
      }
    }
    this.errorText.id = `${this.ids}-error`;
    if (message && field && this.open) {
      const target = field === "name" ? this.nameInput : field === "email" ? this.emailInput : this.input;
      if (target) target.focus();
    }
  }

  showLoading(): void {
    this.setMode("loading");
    this.body.appendChild(h("p", { class: "loading", role: "status" }, [this.t.loading]));
  }

  showStart(prefillName = "", prefillEmail = "", share = false): void {
    this.setMode("start");
    const t = this.t;
    const nameId = `${this.ids}-name`;
    const emailId = `${this.ids}-email`;
    this.nameInput = h("input", {
      id: nameId,
      name: "name",
      type: "text",
      required: true,
      maxlength: "100",
      autocomplete: "name",
      placeholder: t.namePlaceholder,
      "data-testid": "widget-name",
    });
    this.nameInput.value = prefillName;
    this.emailInput = h("input", {
      id: emailId,
      name: "email",
      type: "email",
      autocomplete: "email",
      inputmode: "email",
      placeholder: t.emailPlaceholder,
      "data-testid": "widget-email",
    });
    this.emailInput.value = prefillEmail;
    const shareId = `${nameId}-share`;
    this.shareInput = h("input", { id: shareId, name: "share", type: "checkbox", "data-testid": "widget-share-activity" });
    this.shareInput.checked = share;
    this.startButton = h("button", { type: "submit", class: "primary", "aria-label": t.start, "data-testid": "widget-start" }, [t.start]);
    const form = h("form", { class: "start", novalidate: true, "data-testid": "widget-start-form" }, [
      h("p", { class: "welcome" }, [t.welcome]),
      h("label", { for: nameId }, [t.nameLabel]),
      this.nameInput,
      h("label", { for: emailId }, [t.emailLabel, h("span", { class: "optional" }, [t.emailOptional])]),
      this.emailInput,
      h("label", { for: shareId, class: "share" }, [this.shareInput, t.shareActivity]),
      this.startButton,
    ]);
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (this.startButton && this.startButton.disabled) return;
      this.handlers.onStart(
        this.nameInput ? this.nameInput.value : "",
        this.emailInput ? this.emailInput.value : "",
        this.shareInput ? this.shareInput.checked : false,
      );
    });
    this.body.appendChild(form);
    if (this.open && this.hadFocus) this.focusPrimary();
  }

  setStartBusy(busy: boolean): void {
    if (!this.startButton) return;
    this.startButton.disabled = busy;
    this.startButton.textContent = busy ? this.t.starting : this.t.start;
  }

  showChat(): void {
    this.setMode("chat");
    const t = this.t;
    this.empty = h("p", { class: "empty" }, [t.emptyHistory]);
    this.list = h("div", { class: "messages", role: "log", "aria-live": "polite", "aria-label": t.messagesLabel, tabindex: "0", "data-testid": "widget-messages" }, [
      this.empty,
    ]);
    this.list.addEventListener("click", (ev) => {
      const target = ev.target as Element | null;
      const button = target && target.closest ? target.closest<HTMLButtonElement>("button.retry") : null;
      const clientId = button && button.getAttribute("data-client-id");
      if (clientId) this.handlers.onRetry(clientId);
      const download = target && target.closest ? target.closest<HTMLButtonElement>("button.download") : null;
      const fileId = download && download.getAttribute("data-file-id");
      if (fileId) this.handlers.onDownload(fileId, download.getAttribute("data-file-name") || "file");
      const copy = target && target.closest ? target.closest<HTMLButtonElement>("button.copy-code") : null;
      const code = copy && copy.getAttribute("data-code");
      if (copy && code && navigator.clipboard) {
        void navigator.clipboard.writeText(code).then(() => {
          copy.textContent = this.t.copied;
          setTimeout(() => (copy.textContent = this.t.copyCode), 1500);
        });
      }
    });

    const inputId = `${this.ids}-input`;
    this.input = h("textarea", {
      id: inputId,
      rows: "1",
      placeholder: t.inputPlaceholder,
      "aria-label": t.inputLabel,
      "data-testid": "widget-input",
    });
    this.input.addEventListener("keydown", (ev) => {
      // Enter sends, Shift+Enter inserts a newline; never send mid-IME-composition.
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing && ev.keyCode !== 229) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", () => {
      this.autosize();
      this.handlers.onTyping();
    });
    this.typingLine = h("p", { class: "typing", "aria-live": "polite", "data-testid": "widget-typing", hidden: true }, []);
    this.queueLine = h("p", { class: "queue", role: "status", "data-testid": "widget-queue", hidden: true }, []);
    const send = h("button", { type: "submit", class: "send", "aria-label": t.send, title: t.send, "data-testid": "widget-send" }, [icon(ICON_SEND)]);
    const fileInput = h("input", {
      type: "file",
      class: "file-input",
      accept: ".png,.jpg,.jpeg,.gif,.webp,.pdf,.xlsx,.zip",
      "aria-label": t.attach,
      "data-testid": "widget-attach",
    });
    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      fileInput.value = "";
      if (file) this.handlers.onAttach(file);
    });
    const attach = h("label", { class: "attach", title: t.attach }, [icon(ICON_CLIP), fileInput]);
    const composer = h("form", { class: "composer" }, [h("label", { class: "sr-only", for: inputId }, [t.inputLabel]), attach, this.input, send]);
    composer.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.body.appendChild(this.queueLine);
    this.body.appendChild(this.list);
    this.body.appendChild(this.typingLine);
    this.body.appendChild(composer);
    this.body.appendChild(h("div", { class: "footer" }, ["Fiido Desk"]));
    if (this.open && this.hadFocus) this.focusPrimary();
  }

  /** Shows "<name> is typing…", or hides it with null. */
  setTyping(name: string | null): void {
    if (!this.typingLine) return;
    this.typingLine.hidden = name === null;
    this.typingLine.textContent = name === null ? "" : this.t.typing(name);
  }

  /**
   * Offers the satisfaction survey (STAT-5) above the composer: five star
   * buttons, an optional comment, send or not now. `onRate` answers null
   * when the rating was taken, or the reason it was not.
   */
  showSurvey(onRate: (score: number, comment: string) => Promise<string | null>, onDismiss: () => void): void {
    if (!this.body || this.survey) return;
    const t = this.t;
    let score = 0;
    const stars = [1, 2, 3, 4, 5].map((n) =>
      h("button", { type: "button", class: "star", "aria-label": t.stars(n), "aria-pressed": "false", "data-score": String(n), "data-testid": "widget-star" }, ["★"]),
    );
    const comment = h("textarea", { class: "survey-comment", rows: "2", placeholder: t.surveyComment, "aria-label": t.surveyComment, maxlength: "1000", "data-testid": "widget-survey-comment" });
    const send = h("button", { type: "submit", class: "survey-send", disabled: true, "data-testid": "widget-survey-send" }, [t.surveySend]);
    const later = h("button", { type: "button", class: "survey-later" }, [t.surveyLater]);
    const error = h("p", { class: "survey-error", role: "alert", hidden: true }, []);
    const form = h("form", { class: "survey", "data-testid": "widget-survey" }, [
      h("p", { class: "survey-title" }, [t.surveyTitle]),
      h("div", { class: "stars", role: "group", "aria-label": t.surveyTitle }, stars),
      comment,
      error,
      h("div", { class: "survey-actions" }, [later, send]),
    ]);
    stars.forEach((star, i) =>
      star.addEventListener("click", () => {
        score = i + 1;
        stars.forEach((s, j) => {
          s.classList.toggle("on", j <= i);
          s.setAttribute("aria-pressed", j === i ? "true" : "false");
        });
        send.disabled = false;
      }),
    );
    later.addEventListener("click", () => {
      this.closeSurvey();
      onDismiss();
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (score === 0) return;
      send.disabled = true;
      void onRate(score, comment.value.trim()).then((reason) => {
        if (reason === null) {
          form.replaceChildren(h("p", { class: "survey-thanks", "data-testid": "widget-survey-thanks" }, [t.surveyThanks]));
          setTimeout(() => this.closeSurvey(), 4000);
        } else {
          error.hidden = false;
          error.textContent = reason;
          send.disabled = false;
        }
      });
    });
    this.survey = form;
    this.body.insertBefore(form, this.body.querySelector("form.composer"));
  }

  private closeSurvey(): void {
    if (this.survey) this.survey.remove();
    this.survey = null;
  }

  /** Shows the visitor's place in the queue, or hides it with null. */
  setQueue(position: number | null): void {
    if (!this.queueLine) return;
    this.queueLine.hidden = position === null;
    this.queueLine.textContent = position === null ? "" : this.t.queue(position);
  }

  get inputText(): string {
    return this.input ? this.input.value : "";
  }

  setInputText(text: string): void {
    if (!this.input) return;
    this.input.value = text;
    this.autosize();
  }

  /** Brings the DOM in line with the conversation, reusing nodes by key. */
  renderMessages(entries: Entry[]): void {
    const list = this.list;
    if (!list || !this.empty) return;
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    let forceScroll = false;

    const seen = new Set<string>();
    let cursor: Node | null = this.empty.nextSibling;
    for (const entry of entries) {
      seen.add(entry.key);
      let node = this.nodes.get(entry.key);
      if (!node) {
        node = this.createNode(entry);
        this.nodes.set(entry.key, node);
        if (entryAuthor(entry) === "customer") forceScroll = true;
      }
      this.updateNode(node, entry);
      if (node.root !== cursor) list.insertBefore(node.root, cursor);
      else cursor = cursor.nextSibling;
    }
    this.nodes.forEach((node, key) => {
      if (!seen.has(key)) {
        node.root.remove();
        this.nodes.delete(key);
      }
    });
    this.empty.hidden = entries.length > 0;
    if (nearBottom || forceScroll) this.scrollToBottom();
  }

  private createNode(entry: Entry): MessageNode {
    const author = entryAuthor(entry);
    const root = h("div", { class: "msg", "data-testid": "widget-message", "data-author": author });
    let authorEl: HTMLDivElement | null = null;
    if (author === "agent" || author === "bot") {
      authorEl = h("div", { class: "author", "data-testid": "widget-author" });
      root.appendChild(authorEl);
    }
    const bubble = h("div", { class: "bubble", "data-testid": "widget-message-body" });
    const meta = h("div", { class: "meta" });
    root.appendChild(bubble);
    root.appendChild(meta);
    return { root, author: authorEl, bubble, meta, signature: "" };
  }

  private updateNode(node: MessageNode, entry: Entry): void {
    const author = entryAuthor(entry);
    const body = entryBody(entry);
    const state = entryState(entry);
    const name = entry.message ? entry.message.author_name : "";
    const time = entryTime(entry);
    const file = entry.message ? entry.message.attachment : null;
    const card = entry.message ? entry.message.card : null;
    const signature = JSON.stringify([author, body, state, name, time, entry.message ? entry.message.id : "", file ? file.id : "", card]);
    if (signature === node.signature) return;
    node.signature = signature;

    node.root.setAttribute("data-author", author);
    node.root.setAttribute("data-state", state);
    if (entry.message) node.root.setAttribute("data-message-id", entry.message.id);
    if (entry.clientId) node.root.setAttribute("data-client-id", entry.clientId);
    if (node.author) node.author.textContent = name || (author === "bot" ? this.t.botName : "Fiido");
    // Untrusted text: textContent only; CSS white-space: pre-wrap keeps newlines.
    node.bubble.textContent = body;
    if (card) {
      node.bubble.textContent = "";
      if (entry.message && !entry.message.body_is_card_text) {
        node.bubble.appendChild(h("div", { class: "caption" }, [body]));
      }
      node.bubble.appendChild(renderCard(card, this.t, this.language));
    } else if (file && file.content_type.startsWith("image/")) {
      node.bubble.textContent = "";
      const img = h("img", { class: "thumb", alt: file.name, "data-testid": "widget-image" });
      const open = h("button", { type: "button", class: "thumb-open", "aria-label": this.t.openImage }, [img]);
      node.bubble.appendChild(open);
      void this.handlers.onThumbnail(file.id).then((url) => {
        if (!url) return;
        img.src = url;
        open.addEventListener("click", () => window.open(url, "_blank", "noopener"));
      });
      node.bubble.appendChild(
        h(
          "button",
          { type: "button", class: "download", "data-file-id": file.id, "data-file-name": file.name, "data-testid": "widget-download" },
          [this.t.download],
        ),
      );
    } else if (file) {
      node.bubble.textContent = "";
      node.bubble.appendChild(
        h("span", { class: "file", "data-testid": "widget-file" }, [icon(ICON_CLIP), h("span", { class: "file-name" }, [file.name])]),
      );
      node.bubble.appendChild(
        h(
          "button",
          { type: "button", class: "download", "data-file-id": file.id, "data-file-name": file.name, "data-testid": "widget-download" },
          [this.t.download],
        ),
      );
    }

    const meta = node.meta;
    while (meta.firstChild) meta.removeChild(meta.firstChild);
    if (author === "system") {
      meta.hidden = true;
      return;
    }
    meta.hidden = false;
    if (state === "sending") {
      meta.appendChild(h("span", { "data-testid": "widget-message-status" }, [this.t.sending]));
    } else if (state === "failed") {
      meta.appendChild(h("span", { class: "failed", "data-testid": "widget-message-status" }, [this.t.failed]));
      meta.appendChild(
        h("button", { type: "button", class: "retry", "aria-label": this.t.retryLabel, "data-client-id": entry.clientId || "", "data-testid": "widget-retry" }, [
          this.t.retry,
        ]),
      );
    } else if (time) {
      meta.appendChild(h("time", { datetime: new Date(time).toISOString() }, [this.formatTime(time)]));
    }
  }

  private formatTime(ms: number): string {
    const d = new Date(ms);
    if (this.timeFormat) {
      try {
        return this.timeFormat.format(d);
      } catch {
        /* fall through */
      }
    }
    return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  }

  private submit(): void {
    if (!this.input) return;
    this.handlers.onSend(this.input.value);
  }

  private autosize(): void {
    const input = this.input;
    if (!input) return;
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 2, 120)}px`;
  }

  private scrollToBottom(): void {
    if (this.list) this.list.scrollTop = this.list.scrollHeight;
  }

  private focusPrimary(): void {
    const target = this.mode === "start" ? this.nameInput : this.mode === "chat" ? this.input : null;
    if (target) {
      try {
        target.focus({ preventScroll: true });
      } catch {
        target.focus();
      }
    } else {
      this.panel.focus();
    }
  }

  private setMode(mode: Mode): void {
    // Move focus into the new view only if it was in the widget (never steal it from the page).
    this.hadFocus = !!this.shadow.activeElement;
    this.mode = mode;
    while (this.body.firstChild) this.body.removeChild(this.body.firstChild);
    this.nameInput = this.emailInput = this.startButton = null;
    this.list = this.empty = this.input = null;
    this.nodes.clear();
    this.showError(null);
  }
}
