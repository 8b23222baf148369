// Per-store persistence of the session token (and the last event seq seen),
// so a chat survives a page reload. Falls back to memory where storage is
// blocked (private mode, third-party storage partitioning rules, ...).

const memory: Record<string, string> = {};

function safeStorage(kind: "local" | "session"): Storage | null {
  try {
    const s = kind === "local" ? window.localStorage : window.sessionStorage;
    const probe = "__fiido_desk_probe__";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return null;
  }
}

function get(kind: "local" | "session", key: string): string | null {
  const s = safeStorage(kind);
  if (s) {
    try {
      return s.getItem(key);
    } catch {
      /* fall through */
    }
  }
  return Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
}

function set(kind: "local" | "session", key: string, value: string | null): void {
  const s = safeStorage(kind);
  try {
    if (s) {
      if (value === null) s.removeItem(key);
      else s.setItem(key, value);
      return;
    }
  } catch {
    /* fall through to memory */
  }
  if (value === null) delete memory[key];
  else memory[key] = value;
}

export class WidgetStorage {
  private readonly prefix: string;

  constructor(store: string) {
    this.prefix = `fiido-desk:widget:${store}:`;
  }

  get token(): string | null {
    return get("local", this.prefix + "token");
  }

  set token(value: string | null) {
    set("local", this.prefix + "token", value);
  }

  /** Highest WebSocket seq seen for the saved token (0 when unknown). */
  get seq(): number {
    const n = Number(get("local", this.prefix + "seq"));
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  }

  set seq(value: number) {
    set("local", this.prefix + "seq", value > 0 ? String(value) : null);
  }

  /** The close (by its seq) the visitor last rated or dismissed, so the
   * survey is not offered twice for it. */
  get surveyed(): number {
    const n = Number(get("local", this.prefix + "surveyed"));
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  }

  set surveyed(value: number) {
    set("local", this.prefix + "surveyed", value > 0 ? String(value) : null);
  }

  /** Whether the panel was open in this tab, so a reload keeps it open. */
  get panelOpen(): boolean {
    return get("session", this.prefix + "open") === "1";
  }

  set panelOpen(value: boolean) {
    set("session", this.prefix + "open", value ? "1" : null);
  }

  /** The visitor agreed to share their shop activity with the store (CUST-3). */
  get behaviourConsent(): boolean {
    return get("local", this.prefix + "behaviour-consent") === "1";
  }

  set behaviourConsent(value: boolean) {
    set("local", this.prefix + "behaviour-consent", value ? "1" : null);
  }

  /** Shop activity gathered but not yet sent (JSON), or null. */
  get pendingBehaviour(): string | null {
    return get("local", this.prefix + "behaviour");
  }

  set pendingBehaviour(value: string | null) {
    set("local", this.prefix + "behaviour", value);
  }

  forget(): void {
    this.token = null;
    this.seq = 0;
  }
}
