// REST calls of the widget API. Every failure becomes an ApiError carrying the
// server's error code and human-readable message.

import { httpUrl } from "./config";
import type { ApiErrorBody, Message, WidgetSession } from "./types";

export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** Server error code such as "validation_failed", or "network" / "bad_response". */
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  get isUnauthenticated(): boolean {
    return this.status === 401 || this.code === "unauthenticated";
  }

  /** Errors for which sending the same request again cannot help. */
  get isPermanent(): boolean {
    return this.status === 400 || this.status === 404 || this.status === 413 || this.status === 403;
  }
}

export interface NewSession {
  store: string;
  name: string;
  email?: string;
  language?: string;
  timezone?: string;
  device?: string;
}

const REQUEST_TIMEOUT_MS = 20000;

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fallbackError: string,
  ) {}

  createSession(body: NewSession): Promise<WidgetSession> {
    return this.request<WidgetSession>("POST", "api/v1/widget/sessions", null, body);
  }

  getSession(token: string): Promise<WidgetSession> {
    return this.request<WidgetSession>("GET", "api/v1/widget/session", token);
  }

  /** Tells the store the visitor has seen its replies (the agent sees ✓✓). */
  /** Rates the visitor's closed request, 1 to 5 stars (STAT-5). */
  async rate(token: string, score: number, comment: string): Promise<void> {
    await this.request<unknown>("POST", "api/v1/widget/satisfaction", token, { score, comment: comment || null });
  }

  /** Reports the visitor's shop activity, which they agreed to share (CUST-3). */
  async reportBehaviour(
    token: string,
    report: { viewed: string[]; cart: { sku: string; quantity: number }[] | null; searches: string[] },
  ): Promise<void> {
    await this.request<unknown>("POST", "api/v1/widget/behaviour", token, report);
  }

  async markRead(token: string): Promise<void> {
    await this.request<unknown>("POST", "api/v1/widget/read", token, {});
  }

  async listMessages(token: string): Promise<Message[]> {
    const res = await this.request<{ messages: Message[] }>("GET", "api/v1/widget/messages", token);
    return Array.isArray(res.messages) ? res.messages : [];
  }

  sendMessage(token: string, body: string, clientId: string): Promise<Message> {
    return this.request<Message>("POST", "api/v1/widget/messages", token, { body, client_id: clientId });
  }

  /** Sends a file into the visitor's conversation; the server checks it by its bytes. */
  sendAttachment(token: string, file: Blob, name: string, clientId: string): Promise<Message> {
    const query = `name=${encodeURIComponent(name)}&client_id=${encodeURIComponent(clientId)}`;
    return this.request<Message>("POST", `api/v1/widget/attachments?${query}`, token, file);
  }

  /** A file of the visitor's conversation, fetched with their token. */
  async attachment(token: string, id: string): Promise<Blob> {
    let res: Response;
    try {
      res = await fetch(httpUrl(this.baseUrl, `api/v1/widget/attachments/${encodeURIComponent(id)}`), {
        headers: { Authorization: `Bearer ${token}` },
        credentials: "omit",
        mode: "cors",
      });
    } catch {
      throw new ApiError(0, "network", this.fallbackError);
    }
    if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, this.fallbackError);
    return res.blob();
  }

  private async request<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const raw = typeof Blob === "function" && body instanceof Blob;
    if (body !== undefined) headers["Content-Type"] = raw ? "application/octet-stream" : "application/json";
    if (token) headers["Authorization"] = `Bearer ${token}`;

    const controller = typeof AbortController === "function" ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS) : 0;
    let res: Response;
    try {
      res = await fetch(httpUrl(this.baseUrl, path), {
        method,
        headers,
        body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
        cache: "no-store",
        signal: controller ? controller.signal : undefined,
      });
    } catch {
      throw new ApiError(0, "network", this.fallbackError);
    } finally {
      if (timer) clearTimeout(timer);
    }

    let data: unknown = null;
    const text = await res.text().catch(() => "");
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }

    if (!res.ok) {
      const err = data && typeof data === "object" ? (data as Partial<ApiErrorBody>).error : undefined;
      throw new ApiError(
        res.status,
        (err && typeof err.code === "string" && err.code) || `http_${res.status}`,
        (err && typeof err.message === "string" && err.message) || this.fallbackError,
        (err && typeof err.field === "string" && err.field) || null,
      );
    }
    if (res.status === 204) return undefined as T;
    if (data === null || typeof data !== "object") {
      throw new ApiError(res.status, "bad_response", this.fallbackError);
    }
    return data as T;
  }
}

/** RFC 4122 v4 id for client_id; crypto.randomUUID needs a secure context, so fall back. */
export function newClientId(): string {
  const c: Crypto | undefined = typeof crypto !== "undefined" ? crypto : undefined;
  if (c && typeof (c as Crypto & { randomUUID?: () => string }).randomUUID === "function") {
    try {
      return (c as Crypto & { randomUUID: () => string }).randomUUID();
    } catch {
      /* not a secure context: fall back */
    }
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === "function") {
    c.getRandomValues(bytes);
  } else {
    for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) hex.push((bytes[i] + 0x100).toString(16).slice(1));
  return `${hex.slice(0, 4).join("")}-${hex.slice(4, 6).join("")}-${hex.slice(6, 8).join("")}-${hex
    .slice(8, 10)
    .join("")}-${hex.slice(10, 16).join("")}`;
}
