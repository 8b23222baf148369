// What the visitor does on the shop (CUST-3): products viewed, the cart and
// searches, reported to the store's agents only after the visitor agreed
// (the widget's start form, or the shop's own cookie banner through
// `FiidoChat.consent(true)`). Without consent nothing is kept or sent.
// Reports wait until a chat exists, then leave in one request.

import type { ApiClient } from "./api";
import type { WidgetStorage } from "./storage";

/** One cart line as the shop knows it. */
export interface CartItem {
  sku: string;
  quantity: number;
}

interface Pending {
  viewed: string[];
  cart: CartItem[] | null;
  searches: string[];
}

/** How long reports gather before they leave. */
const SEND_AFTER_MS = 800;
const MAX_PENDING = 20;

function empty(): Pending {
  return { viewed: [], cart: null, searches: [] };
}

export class BehaviourTracker {
  private token: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly storage: WidgetStorage,
    private readonly api: ApiClient,
  ) {}

  get consented(): boolean {
    return this.storage.behaviourConsent;
  }

  /** The visitor agreed (or took it back: what was gathered is dropped). */
  consent(granted: boolean): void {
    this.storage.behaviourConsent = granted;
    if (!granted) this.storage.pendingBehaviour = null;
    else this.schedule();
  }

  viewed(sku: string): void {
    this.add((p) => {
      p.viewed.push(String(sku));
      p.viewed = p.viewed.slice(-MAX_PENDING);
    });
  }

  cart(items: CartItem[]): void {
    this.add((p) => {
      p.cart = items.slice(0, MAX_PENDING).map((i) => ({ sku: String(i.sku), quantity: Math.round(Number(i.quantity)) }));
    });
  }

  searched(query: string): void {
    this.add((p) => {
      p.searches.push(String(query).slice(0, 100));
      p.searches = p.searches.slice(-MAX_PENDING);
    });
  }

  /** A chat exists: gathered reports can leave. */
  attach(token: string): void {
    this.token = token;
    this.schedule();
  }

  detach(): void {
    this.token = null;
  }

  private add(change: (p: Pending) => void): void {
    if (!this.consented) return;
    const pending = this.read();
    change(pending);
    this.storage.pendingBehaviour = JSON.stringify(pending);
    this.schedule();
  }

  private read(): Pending {
    try {
      const raw = this.storage.pendingBehaviour;
      return raw ? { ...empty(), ...(JSON.parse(raw) as Partial<Pending>) } : empty();
    } catch {
      return empty();
    }
  }

  private schedule(): void {
    if (!this.token || !this.consented || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, SEND_AFTER_MS);
  }

  private async flush(): Promise<void> {
    const token = this.token;
    const raw = this.storage.pendingBehaviour;
    if (!token || !raw || !this.consented) return;
    const pending = this.read();
    this.storage.pendingBehaviour = null;
    try {
      await this.api.reportBehaviour(token, {
        viewed: pending.viewed.filter((s) => s.length > 0),
        cart: pending.cart,
        searches: pending.searches.map((s) => s.trim()).filter((s) => s.length > 0),
      });
    } catch (e) {
      // A network failure keeps the report for the next try; a refusal drops it.
      const permanent = typeof e === "object" && e !== null && (e as { isPermanent?: boolean }).isPermanent;
      if (!permanent && this.storage.pendingBehaviour === null) this.storage.pendingBehaviour = raw;
    }
  }
}
