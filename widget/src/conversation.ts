// The visitor's message list as the widget knows it: confirmed server
// messages plus optimistic ones still being sent. Reconciles by client_id
// and id so a message never shows twice, whichever answer comes first
// (the POST reply or the WebSocket echo).

import type { Author, Message, MessageState } from "./types";

export type LocalState = "sending" | "failed";

export interface Entry {
  /** Stable key for the DOM node. */
  readonly key: string;
  clientId: string | null;
  /** The server's version, once known. */
  message: Message | null;
  /** Set while the message is not yet confirmed by the server. */
  local: { body: string; state: LocalState; createdAt: number } | null;
  /** Arrival order, to keep the sort stable. */
  readonly order: number;
}

const STATE_RANK: Record<MessageState, number> = { sent: 0, delivered: 1, read: 2, recalled: 3 };

export function entryAuthor(e: Entry): Author {
  return e.message ? e.message.author : "customer";
}

export function entryBody(e: Entry): string {
  return e.message ? e.message.body : e.local ? e.local.body : "";
}

export function entryTime(e: Entry): number {
  return e.message ? e.message.created_at : e.local ? e.local.createdAt : 0;
}

export function entryState(e: Entry): LocalState | MessageState {
  return e.local ? e.local.state : e.message ? e.message.state : "sent";
}

export class Conversation {
  private entries: Entry[] = [];
  private byId = new Map<string, Entry>();
  private byClientId = new Map<string, Entry>();
  private counter = 0;

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
    this.byId.clear();
    this.byClientId.clear();
  }

  hasMessage(id: string): boolean {
    return this.byId.has(id);
  }

  findByClientId(clientId: string): Entry | undefined {
    return this.byClientId.get(clientId);
  }

  /** Adds an optimistic customer message shown as "sending". */
  addPending(body: string, clientId: string): Entry {
    const entry: Entry = {
      key: `c:${clientId}`,
      clientId,
      message: null,
      local: { body, state: "sending", createdAt: Date.now() },
      order: this.counter++,
    };
    this.entries.push(entry);
    this.byClientId.set(clientId, entry);
    return entry;
  }

  /** Marks an unconfirmed message as failed or sending again. Returns false if it is no longer pending. */
  setLocalState(clientId: string, state: LocalState): boolean {
    const entry = this.byClientId.get(clientId);
    if (!entry || !entry.local) return false;
    entry.local.state = state;
    return true;
  }

  remove(entry: Entry): void {
    this.entries = this.entries.filter((e) => e !== entry);
    if (entry.clientId && this.byClientId.get(entry.clientId) === entry) this.byClientId.delete(entry.clientId);
    if (entry.message && this.byId.get(entry.message.id) === entry) this.byId.delete(entry.message.id);
  }

  /**
   * Merges a message from the server (history, POST answer or socket frame).
   * Returns whether it was new to the widget (not merely a confirmation or update).
   */
  upsert(message: Message): boolean {
    if (message.state === "recalled") {
      // The agent took it back (MSG-6): it leaves the conversation.
      const gone = this.byId.get(message.id);
      if (gone) this.remove(gone);
      return false;
    }
    const byClient = message.client_id ? this.byClientId.get(message.client_id) : undefined;
    const byId = this.byId.get(message.id);
    let target = byId || byClient;
    if (byClient && byId && byClient !== byId) {
      // The same message arrived once by id and once as our optimistic copy: keep one.
      this.remove(byClient);
      target = byId;
    }
    if (!target) {
      const entry: Entry = {
        key: `m:${message.id}`,
        clientId: message.client_id ?? null,
        message: message,
        local: null,
        order: this.counter++,
      };
      this.entries.push(entry);
      this.byId.set(message.id, entry);
      if (message.client_id) this.byClientId.set(message.client_id, entry);
      return true;
    }
    const previous = target.message;
    let merged = message;
    if (previous && STATE_RANK[previous.state] > (STATE_RANK[message.state] ?? 0)) {
      // A replayed, older frame must not move the state backwards.
      merged = { ...message, state: previous.state };
    }
    target.message = merged;
    target.local = null;
    if (message.client_id && !target.clientId) target.clientId = message.client_id;
    this.byId.set(message.id, target);
    if (target.clientId) this.byClientId.set(target.clientId, target);
    return false;
  }

  /** Whether a reply of the store (agent or bot) is not yet marked read. */
  hasUnreadReplies(): boolean {
    return this.entries.some(
      (e) => e.message !== null && e.message.author !== "customer" && e.message.state !== "read",
    );
  }

  /** Display order: confirmed messages by time, then the ones still pending. */
  ordered(): Entry[] {
    const confirmed = this.entries.filter((e) => !e.local);
    const pending = this.entries.filter((e) => e.local);
    confirmed.sort((a, b) => entryTime(a) - entryTime(b) || a.order - b.order);
    pending.sort((a, b) => a.order - b.order);
    return confirmed.concat(pending);
  }
}
