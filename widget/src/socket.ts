// Live updates: the widget WebSocket with auth frame, resume from the highest
// seq seen, and reconnects with jittered exponential backoff.

import { wsUrl } from "./config";
import type { Message, ServerFrame } from "./types";

export interface SocketHandlers {
  onMessage(message: Message, seq: number): void;
  /** true once the server accepted the auth frame; false while disconnected. */
  onStatus(connected: boolean): void;
  /** The server rejected the token: the session is gone, do not reconnect. */
  onUnauthenticated(): void;
  /** An agent is typing (MSG-7). */
  onTyping(name: string): void;
  /** The visitor's place in the queue; null once an agent has the chat. */
  onQueue(position: number | null): void;
  /** The store closed the conversation: offer the survey (STAT-5). */
  onClosed(seq: number): void;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
/** A connection that stays up this long resets the backoff. */
const STABLE_AFTER_MS = 10000;
/** Give up on a connect attempt that has not produced "ready" by then. */
const CONNECT_TIMEOUT_MS = 15000;

export class WidgetSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private readyAt = 0;
  private stopped = false;
  private connected = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** Highest seq seen so far; frames at or below it are duplicates. */
    private seq: number,
    private readonly handlers: SocketHandlers,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  start(): void {
    this.stopped = false;
    window.addEventListener("online", this.onWake);
    document.addEventListener("visibilitychange", this.onWake);
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onWake);
    document.removeEventListener("visibilitychange", this.onWake);
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      detach(ws);
      try {
        ws.close(1000, "bye");
      } catch {
        /* ignore */
      }
    }
    this.setConnected(false);
  }

  /** Reconnect right away when the page comes back (tab shown, network back). */
  private readonly onWake = (): void => {
    if (this.stopped || this.ws || document.visibilityState === "hidden") return;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.open();
  };

  private open(): void {
    if (this.stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(wsUrl(this.baseUrl, `api/v1/widget/ws?after=${this.seq}`));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.connectTimer = setTimeout(() => {
      if (this.ws === ws && !this.connected) this.drop(ws);
    }, CONNECT_TIMEOUT_MS);

    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "auth", token: this.token }));
    };
    ws.onmessage = (ev: MessageEvent) => {
      if (this.ws !== ws || typeof ev.data !== "string") return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(ev.data) as ServerFrame;
      } catch {
        return;
      }
      this.onFrame(ws, frame);
    };
    ws.onerror = () => {
      /* onclose follows and handles the reconnect */
    };
    ws.onclose = () => {
      if (this.ws === ws) this.drop(ws);
    };
  }

  /** Tells the agent the visitor is typing; the caller throttles. */
  typing(): void {
    if (this.ws && this.connected) this.ws.send(JSON.stringify({ type: "typing" }));
  }

  private onFrame(ws: WebSocket, frame: ServerFrame): void {
    switch (frame.type) {
      case "ready":
        if (this.connectTimer) {
          clearTimeout(this.connectTimer);
          this.connectTimer = null;
        }
        this.readyAt = Date.now();
        this.setConnected(true);
        break;
      case "message":
        if (typeof frame.seq !== "number" || !frame.message) return;
        if (frame.seq <= this.seq) return; // replayed duplicate
        this.seq = frame.seq;
        this.handlers.onMessage(frame.message, frame.seq);
        break;
      case "typing":
        this.handlers.onTyping(frame.name);
        break;
      case "closed":
        this.handlers.onClosed(frame.seq);
        break;
      case "queue":
        this.handlers.onQueue(frame.position ?? null);
        break;
      case "error":
        if (frame.code === "unauthenticated") {
          this.stop();
          this.handlers.onUnauthenticated();
        } else {
          this.drop(ws);
        }
        break;
      default:
        break; // unknown frame types are ignored (forward compatible)
    }
  }

  private drop(ws: WebSocket): void {
    detach(ws);
    try {
      ws.close();
    } catch {
      /* ignore */
    }
    if (this.ws === ws) this.ws = null;
    if (this.connectTimer) {
      clearTimeout(this.connectTimer);
      this.connectTimer = null;
    }
    if (this.readyAt && Date.now() - this.readyAt >= STABLE_AFTER_MS) this.attempt = 0;
    this.readyAt = 0;
    this.setConnected(false);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    // Exponential backoff with "equal jitter": half fixed, half random.
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, this.attempt));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private setConnected(value: boolean): void {
    if (this.connected === value) return;
    this.connected = value;
    this.handlers.onStatus(value);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.retryTimer = null;
    this.connectTimer = null;
  }
}

function detach(ws: WebSocket): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onerror = null;
  ws.onclose = null;
}
