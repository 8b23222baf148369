// Wire types of the widget API (docs/api-widget.md).

export type Author = "customer" | "agent" | "bot" | "system";
export type MessageState = "sent" | "delivered" | "read";

export interface Message {
  id: string;
  conversation_id: string;
  author: Author;
  author_id: string | null;
  author_name: string;
  /** Untrusted text (the contract calls it markdown); always rendered with textContent. */
  body: string;
  client_id: string | null;
  state: MessageState;
  /** Unix epoch milliseconds. */
  created_at: number;
}

export interface WidgetSession {
  /** Empty when the session was fetched with GET /widget/session. */
  token: string;
  store: { key: string; name: string };
  customer: { id: string; nickname: string };
  conversation_id: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string | null };
}

/** Frames the server sends on the widget WebSocket. */
export type ServerFrame =
  | { type: "ready"; head: number }
  | { type: "message"; seq: number; message: Message }
  | { type: "error"; code: string; message: string };
