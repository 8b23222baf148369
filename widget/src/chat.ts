// The widget's controller: session lifecycle, history, sending with
// optimistic bubbles, and live updates.

import { ApiClient, ApiError, newClientId } from "./api";
import { BehaviourTracker } from "./behaviour";
import type { WidgetConfig } from "./config";
import { Conversation } from "./conversation";
import { stringsFor, type Strings } from "./i18n";
import { WidgetSocket } from "./socket";
import { WidgetStorage } from "./storage";
import type { Message, WidgetSession } from "./types";
import { WidgetView, type Field } from "./view";

const NAME_MAX = 100;
/** The visitor's typing is sent at most this often. */
const TYPING_EVERY_MS = 2000;
/** An agent's "typing…" stays this long after their last signal. */
const TYPING_SHOWN_MS = 5000;
/** Only show "reconnecting" when the socket stays down this long (avoids flicker). */
const RECONNECT_NOTICE_DELAY_MS = 2500;
/** How long replies are on screen before they count as read. */
const READ_DELAY_MS = 400;

export class ChatWidget {
  private readonly t: Strings;
  private readonly api: ApiClient;
  private readonly storage: WidgetStorage;
  private readonly conversation = new Conversation();
  private readonly view: WidgetView;
  /** The visitor's shop activity, shared only with their consent (CUST-3). */
  readonly behaviour: BehaviourTracker;

  private token: string | null = null;
  private session: WidgetSession | null = null;
  private socket: WidgetSocket | null = null;
  private lastTypingSent = 0;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private unread = 0;
  private readTimer: ReturnType<typeof setTimeout> | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private resumeTimer: ReturnType<typeof setTimeout> | null = null;
  private resumeAttempt = 0;
  /** Bumped whenever the session changes, so late answers of an old one are dropped. */
  private generation = 0;

  constructor(
    private readonly config: WidgetConfig,
    private readonly language: string,
  ) {
    this.t = stringsFor(language);
    this.api = new ApiClient(config.baseUrl, this.t.networkError);
    this.storage = new WidgetStorage(config.store);
    this.behaviour = new BehaviourTracker(this.storage, this.api);
    this.view = new WidgetView(this.t, language, {
      onOpenChange: (open) => this.setOpen(open),
      onStart: (name, email, share) => {
        if (share !== this.behaviour.consented) this.behaviour.consent(share);
        void this.start(name, email);
      },
      onSend: (text) => this.send(text),
      onRetry: (clientId) => this.retry(clientId),
      onTyping: () => this.typed(),
      onAttach: (file) => void this.attach(file),
      onDownload: (id, name) => void this.download(id, name),
      onThumbnail: (id) => this.thumbnail(id),
    });
  }

  /** The visitor typed: tell the agent, at most every TYPING_EVERY_MS (MSG-7). */
  private typed(): void {
    const now = Date.now();
    if (!this.socket || now - this.lastTypingSent < TYPING_EVERY_MS) return;
    this.lastTypingSent = now;
    this.socket.typing();
  }

  /** An agent is typing: show it until TYPING_SHOWN_MS pass without another signal. */
  private agentTyping(name: string): void {
    this.view.setTyping(name);
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typingTimer = null;
      this.view.setTyping(null);
    }, TYPING_SHOWN_MS);
  }

  mount(): void {
    this.view.mount();
    if (typeof document !== "undefined") {
      document.addEventListener("visibilitychange", () => this.markReadSoon());
    }
    const token = this.storage.token;
    if (token) {
      this.view.showLoading();
      void this.resume(token);
    } else {
      this.view.showStart("", "", this.behaviour.consented);
    }
    // Keep the panel open across a reload, without stealing focus from the page.
    if (this.storage.panelOpen) this.view.setOpen(true, false);
  }

  private setOpen(open: boolean): void {
    this.view.setOpen(open);
    this.storage.panelOpen = open;
    if (open) {
      this.unread = 0;
      this.view.setUnread(0);
      this.markReadSoon();
    }
  }

  /**
   * Read receipts: while the panel is open and the page visible, replies the
   * visitor has not read yet are reported read (debounced, one call at a time).
   */
  private markReadSoon(): void {
    if (this.readTimer !== null) return;
    this.readTimer = setTimeout(() => {
      this.readTimer = null;
      const token = this.token;
      const visible = typeof document === "undefined" || document.visibilityState !== "hidden";
      if (!token || !this.view.isOpen || !visible || !this.conversation.hasUnreadReplies()) return;
      this.api.markRead(token).catch(() => {
        // A receipt is best effort; the next message or opening retries it.
      });
    }, READ_DELAY_MS);
  }

  // ---- session ----------------------------------------------------------

  private async resume(token: string): Promise<void> {
    const gen = this.generation;
    let session: WidgetSession;
    try {
      session = await this.api.getSession(token);
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toApiError(e, this.t);
      if (err.isUnauthenticated) {
        this.storage.forget();
        this.view.showStart("", "", this.behaviour.consented);
        return;
      }
      // Server unreachable or failing: keep the token and try again later.
      this.view.showError(err.message);
      const delay = Math.min(30000, 1000 * Math.pow(2, this.resumeAttempt++)) * (0.5 + Math.random() / 2);
      this.resumeTimer = setTimeout(() => {
        this.resumeTimer = null;
        void this.resume(token);
      }, delay);
      return;
    }
    if (gen !== this.generation) return;
    this.resumeAttempt = 0;
    this.enterChat(token, session, this.storage.seq);
  }

  private async start(rawName: string, rawEmail: string): Promise<void> {
    const name = rawName.trim();
    const email = rawEmail.trim();
    if (!name) return this.view.showError(this.t.nameRequired, "name");
    if (Array.from(name).length > NAME_MAX) return this.view.showError(this.t.nameTooLong, "name");
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) return this.view.showError(this.t.emailInvalid, "email");

    this.view.showError(null);
    this.view.setStartBusy(true);
    const gen = this.generation;
    let session: WidgetSession;
    try {
      session = await this.api.createSession({
        store: this.config.store,
        name,
        email: email || undefined,
        language: this.language,
        timezone: browserTimeZone(),
        device: describeDevice(),
      });
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toApiError(e, this.t);
      this.view.setStartBusy(false);
      this.view.showError(err.message, fieldOf(err));
      return;
    }
    if (gen !== this.generation) return;
    if (!session.token) {
      this.view.setStartBusy(false);
      this.view.showError(this.t.networkError);
      return;
    }
    this.storage.token = session.token;
    this.storage.seq = 0;
    this.enterChat(session.token, session, 0);
  }

  private enterChat(token: string, session: WidgetSession, seq: number): void {
    const gen = ++this.generation;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
    this.token = token;
    this.session = session;
    this.behaviour.attach(token);
    if (session.store && session.store.name) this.view.setTitle(session.store.name);
    this.conversation.clear();
    this.view.showChat();
    this.render();

    this.socket = new WidgetSocket(this.config.baseUrl, token, seq, {
      onMessage: (message, frameSeq) => {
        if (gen !== this.generation) return;
        this.storage.seq = frameSeq;
        this.receive(message);
      },
      onStatus: (connected) => {
        if (gen !== this.generation) return;
        this.onSocketStatus(connected);
      },
      onUnauthenticated: () => {
        if (gen !== this.generation) return;
        this.sessionLost();
      },
      onTyping: (name) => {
        if (gen !== this.generation) return;
        this.agentTyping(name);
      },
      onQueue: (position) => {
        if (gen !== this.generation) return;
        this.view.setQueue(position);
      },
      onClosed: (seq) => {
        if (gen !== this.generation || seq <= this.storage.surveyed) return;
        this.view.showSurvey(
          (score, comment) => this.rate(seq, score, comment),
          () => (this.storage.surveyed = seq),
        );
      },
    });
    this.socket.start();
    // Show "reconnecting" too if the very first connect takes long.
    this.onSocketStatus(false);
    void this.loadHistory(token, gen);
  }

  private async loadHistory(token: string, gen: number): Promise<void> {
    try {
      const messages = await this.api.listMessages(token);
      if (gen !== this.generation) return;
      for (const m of messages) this.conversation.upsert(m);
      this.render();
      this.markReadSoon();
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toApiError(e, this.t);
      if (err.isUnauthenticated) return this.sessionLost();
      this.view.showError(err.message);
    }
  }

  /** The saved session is no longer valid: forget it and ask for a name again. */
  private sessionLost(): void {
    const name = this.session && this.session.customer ? this.session.customer.nickname : "";
    this.generation++;
    if (this.socket) this.socket.stop();
    this.socket = null;
    this.token = null;
    this.behaviour.detach();
    this.session = null;
    this.clearNotice();
    this.view.setReconnecting(false);
    this.storage.forget();
    this.conversation.clear();
    this.view.showStart(name || "", "", this.behaviour.consented);
    this.view.showError(this.t.sessionExpired);
  }

  // ---- messages ---------------------------------------------------------

  private receive(message: Message): void {
    if (message.author !== "customer" && this.typingTimer) {
      // The reply being typed has arrived.
      clearTimeout(this.typingTimer);
      this.typingTimer = null;
      this.view.setTyping(null);
    }
    const isNew = this.conversation.upsert(message);
    this.render();
    this.markReadSoon();
    if (isNew && message.author !== "customer" && !this.view.isOpen) {
      this.unread++;
      this.view.setUnread(this.unread);
    }
  }

  private send(text: string): void {
    const body = text.trim();
    if (!body || !this.token) return;
    const clientId = newClientId();
    this.conversation.addPending(body, clientId);
    this.view.setInputText("");
    this.view.showError(null);
    this.render();
    void this.deliver(clientId, body);
  }

  private retry(clientId: string): void {
    const entry = this.conversation.findByClientId(clientId);
    if (!entry || !entry.local) return;
    this.conversation.setLocalState(clientId, "sending");
    this.view.showError(null);
    this.render();
    void this.deliver(clientId, entry.local.body);
  }

  private async deliver(clientId: string, body: string): Promise<void> {
    const token = this.token;
    const gen = this.generation;
    if (!token) return;
    try {
      const message = await this.api.sendMessage(token, body, clientId);
      if (gen !== this.generation) return;
      // Reconcile with the optimistic bubble (the socket echo may have come first).
      this.conversation.upsert(message.client_id ? message : { ...message, client_id: clientId });
      this.render();
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toApiError(e, this.t);
      if (err.isUnauthenticated) return this.sessionLost();
      const entry = this.conversation.findByClientId(clientId);
      if (!entry || !entry.local) return; // confirmed by the socket meanwhile
      if (err.isPermanent) {
        // Sending it again cannot help (e.g. too long): give the text back to edit.
        this.conversation.remove(entry);
        if (!this.view.inputText.trim()) this.view.setInputText(body);
        this.view.showError(err.code === "forbidden" ? this.t.blockedNotice : err.message, "body");
      } else {
        this.conversation.setLocalState(clientId, "failed");
        this.view.showError(err.message);
      }
      this.render();
    }
  }

  /** Sends a file; the server checks it by its bytes and answers why not. */
  private async attach(file: File): Promise<void> {
    const token = this.token;
    const gen = this.generation;
    if (!token) return;
    this.view.showError(this.t.sendingFile(file.name));
    try {
      const message = await this.api.sendAttachment(token, file, file.name, newClientId());
      if (gen !== this.generation) return;
      this.view.showError(null);
      this.conversation.upsert(message);
      this.render();
    } catch (e) {
      if (gen !== this.generation) return;
      const err = toApiError(e, this.t);
      if (err.isUnauthenticated) return this.sessionLost();
      this.view.showError(err.message);
    }
  }

  /** Sends the visitor's rating; null when taken, else the reason. */
  private async rate(seq: number, score: number, comment: string): Promise<string | null> {
    const token = this.token;
    if (!token) return this.t.sessionExpired;
    try {
      await this.api.rate(token, score, comment);
      this.storage.surveyed = seq;
      return null;
    } catch (e) {
      const err = toApiError(e, this.t);
      return err.code === "conflict" ? this.t.surveyNotYet : err.message;
    }
  }

  /** Object URLs of the conversation's images, fetched once each. */
  private thumbnails = new Map<string, Promise<string | null>>();

  /** An image of the conversation as a local object URL (its download needs the token). */
  private thumbnail(id: string): Promise<string | null> {
    let url = this.thumbnails.get(id);
    if (!url) {
      const token = this.token;
      url = token
        ? this.api.attachment(token, id).then(
            (blob) => URL.createObjectURL(blob),
            () => null,
          )
        : Promise.resolve(null);
      this.thumbnails.set(id, url);
    }
    return url;
  }

  /** Saves a file of the conversation through the browser. */
  private async download(id: string, name: string): Promise<void> {
    const token = this.token;
    if (!token) return;
    try {
      const blob = await this.api.attachment(token, id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.view.showError(toApiError(e, this.t).message);
    }
  }

  private render(): void {
    this.view.renderMessages(this.conversation.ordered());
  }

  // ---- connection notice -------------------------------------------------

  private onSocketStatus(connected: boolean): void {
    if (connected) {
      this.clearNotice();
      this.view.setReconnecting(false);
      return;
    }
    if (this.noticeTimer) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = null;
      if (this.socket) this.view.setReconnecting(true);
    }, RECONNECT_NOTICE_DELAY_MS);
  }

  private clearNotice(): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
  }
}

/** The visitor's IANA time zone, so the agent sees their local time. */
function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** "Browser on OS", e.g. "Chrome on Windows", from the user agent. */
function describeDevice(): string | undefined {
  const ua = typeof navigator === "undefined" ? "" : navigator.userAgent;
  if (!ua) return undefined;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrome\/|Chromium\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Browser";
  const os = /iPhone|iPad/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "another system";
  return `${browser} on ${os}`;
}

function toApiError(e: unknown, t: Strings): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, "network", t.networkError);
}

function fieldOf(err: ApiError): Field | null {
  return err.field === "name" || err.field === "email" || err.field === "body" ? err.field : null;
}
