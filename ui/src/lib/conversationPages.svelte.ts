// The conversation list's data: pages of cards fetched by visible range from
// `listConversations`, cached, and re-read when the store changes. Only pages
// near the viewport are kept, so 50,000 conversations cost a few pages.

import { commands, type ConversationCard, type ConversationFilter } from "$lib/bindings";
import { errorText } from "$lib/errors";

/** Rows per request; the server's default page size. */
export const PAGE_SIZE = 100;
/** Pages kept on each side of the viewport before the far ones are dropped. */
const KEEP_AROUND = 4;

export class ConversationPages {
  /** Matching conversations in all; null until the first page answers. */
  total = $state<number | null>(null);
  /** The last failure, cleared by the next success. */
  error = $state<string | null>(null);

  #pages = $state.raw(new Map<number, ConversationCard[]>());
  #filter: ConversationFilter;
  #generation = 0;
  #inflight = new Map<number, Promise<void>>();
  #first = 0;
  #last = 0;

  constructor(filter: ConversationFilter) {
    this.#filter = filter;
  }

  get filter(): ConversationFilter {
    return this.#filter;
  }

  /** The card at `index`, or undefined while its page is loading. */
  get(index: number): ConversationCard | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Where a conversation sits among the loaded pages, or -1. */
  indexOf(id: string): number {
    for (const [page, items] of this.#pages) {
      const at = items.findIndex((c) => c.id === id);
      if (at >= 0) return page * PAGE_SIZE + at;
    }
    return -1;
  }

  /** Starts over with another filter. */
  setFilter(filter: ConversationFilter): void {
    this.#filter = filter;
    this.#generation++;
    this.#inflight.clear();
    this.#pages = new Map();
    this.total = null;
    this.error = null;
    this.#first = 0;
    this.#last = 0;
    void this.#fetch(0);
  }

  /** The rows in view changed: fetch the pages they need. */
  setRange(first: number, last: number): void {
    this.#first = first;
    this.#last = last;
    for (const page of this.#visiblePages()) {
      if (!this.#pages.has(page)) void this.#fetch(page);
    }
  }

  /**
   * The store changed: re-read the pages in view (their old rows stay on
   * screen until the new ones arrive) and forget the others, whose order
   * may have shifted.
   */
  refresh(): void {
    this.#generation++;
    this.#inflight.clear();
    const visible = this.#visiblePages();
    const kept = new Map<number, ConversationCard[]>();
    for (const page of visible) {
      const items = this.#pages.get(page);
      if (items) kept.set(page, items);
    }
    this.#pages = kept;
    for (const page of visible) void this.#fetch(page);
  }

  /** Loads the card at `index` if needed (keyboard navigation past the cache). */
  async load(index: number): Promise<ConversationCard | undefined> {
    const page = Math.floor(index / PAGE_SIZE);
    if (!this.#pages.has(page)) await this.#fetch(page);
    return this.get(index);
  }

  #visiblePages(): number[] {
    const from = Math.floor(this.#first / PAGE_SIZE);
    const to = Math.floor(Math.max(this.#first, this.#last - 1) / PAGE_SIZE);
    const out: number[] = [];
    for (let p = from; p <= to; p++) out.push(p);
    return out;
  }

  #fetch(page: number): Promise<void> {
    const pending = this.#inflight.get(page);
    if (pending) return pending;
    const request = this.#request(page, this.#generation);
    this.#inflight.set(page, request);
    return request;
  }

  async #request(page: number, generation: number): Promise<void> {
    try {
      const r = await commands.listConversations(this.#filter, page * PAGE_SIZE, PAGE_SIZE);
      if (generation !== this.#generation) return;
      if (r.status === "ok") {
        const next = new Map(this.#pages);
        next.set(page, r.data.items);
        this.#pages = this.#evict(next);
        this.total = r.data.total;
        this.error = null;
      } else {
        this.error = errorText(r.error);
      }
    } catch (e) {
      if (generation === this.#generation) this.error = errorText(e);
    } finally {
      if (generation === this.#generation) this.#inflight.delete(page);
    }
  }

  #evict(pages: Map<number, ConversationCard[]>): Map<number, ConversationCard[]> {
    const from = Math.floor(this.#first / PAGE_SIZE) - KEEP_AROUND;
    const to = Math.floor(this.#last / PAGE_SIZE) + KEEP_AROUND;
    for (const page of pages.keys()) {
      if (page < from || page > to) pages.delete(page);
    }
    return pages;
  }
}
