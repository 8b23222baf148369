// Wire types of the widget API, taken from the generated OpenAPI types
// (src/generated/api.ts is made from docs/openapi.json by `npm run gen:types`;
// never edit it by hand).

import type { components } from "./generated/api";

type Schemas = components["schemas"];

export type Author = Schemas["Author"];
export type MessageState = Schemas["DeliveryState"];
export type Message = Schemas["Message"];
export type Card = Schemas["Card"];
export type Discount = Schemas["Discount"];
export type Money = Schemas["Money"];
export type OrderStatus = Schemas["OrderStatus"];
export type WidgetSession = Schemas["WidgetSession"];
export type ApiErrorBody = Schemas["ErrorBody"];
/** Frames the server sends on the widget WebSocket. */
export type ServerFrame = Schemas["WidgetFrame"];
