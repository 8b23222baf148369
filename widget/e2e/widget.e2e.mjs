// End-to-end test of the customer chat widget against the real server.
//
//   SERVER_BIN=/path/to/fiido-server node e2e/widget.e2e.mjs
//
// Starts the server on a free port with a fresh data dir and demo data, logs
// an agent in (REST + agent WebSocket), drives the demo shop page in headless
// Chromium, and checks the whole round trip. Every wait has a timeout; the
// server and the browser are stopped on success and on failure.

import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import WebSocket from "ws";

const SERVER_BIN = process.env.SERVER_BIN;
const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || "/tmp";
const STEP_TIMEOUT_MS = 15_000;
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS || 60_000);
const TOTAL_TIMEOUT_MS = 180_000;

const AGENT_EMAIL = "agent@demo.fiido";
const AGENT_PASSWORD = "demo";
const STORE_KEY = "fiido-eu";

const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

// ---------------------------------------------------------------- helpers

const started = Date.now();
const log = (...args) => console.log(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

class TestFailure extends Error {}

function assert(cond, message) {
  if (!cond) throw new TestFailure(message);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TestFailure(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function api(base, method, path, { token, body, expect } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await withTimeout(
    fetch(new URL(path, base), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    STEP_TIMEOUT_MS,
    `${method} ${path}`,
  );
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* keep null */
  }
  const ok = expect ? (Array.isArray(expect) ? expect.includes(res.status) : res.status === expect) : res.ok;
  assert(ok, `${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return json;
}

/**
 * Resolves with `promise`, but fails early (with the widget's error text) if
 * the widget marks a message as not sent meanwhile.
 */
function orWidgetFailure(page, promise) {
  const failed = page.locator('[data-testid="widget-message"][data-state="failed"]').first();
  const watcher = failed.waitFor({ state: "attached", timeout: STEP_TIMEOUT_MS + 5_000 }).then(
    async () => {
      const shown = await page.getByTestId("widget-error").textContent({ timeout: 1_000 }).catch(() => "");
      throw new TestFailure(`the widget shows the message as not sent; its error: ${JSON.stringify(shown)}`);
    },
    () => new Promise(() => {}), // the watcher timed out or the page closed: leave it to `promise`
  );
  return Promise.race([promise, watcher]);
}

// ------------------------------------------------------------ the server

function startServer(dataDir) {
  assert(SERVER_BIN, "set SERVER_BIN to the fiido-server binary");
  const child = spawn(SERVER_BIN, ["--listen", "127.0.0.1:0", "--data-dir", dataDir, "--demo"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_BACKTRACE: "1" },
    detached: true, // own process group, so a wrapper script's children die with it
  });
  const output = [];
  const remember = (stream) => (line) => {
    output.push(`${stream}: ${line}`);
    if (output.length > 400) output.shift();
  };
  createInterface({ input: child.stderr }).on("line", remember("stderr"));
  const stdout = createInterface({ input: child.stdout });
  stdout.on("line", remember("stdout"));

  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const baseUrl = new Promise((resolve, reject) => {
    stdout.on("line", (line) => {
      const m = /listening on (http:\/\/[^\s/]+)/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once("error", (err) => reject(new TestFailure(`cannot start ${SERVER_BIN}: ${err.message}`)));
    exited.then(({ code, signal }) =>
      reject(new TestFailure(`server exited before listening (code ${code}, signal ${signal})`)),
    );
  });
  return { child, output, exited, baseUrl };
}

function signalServer(server, signal) {
  try {
    process.kill(-server.child.pid, signal); // the whole process group
  } catch {
    try {
      server.child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function stopServer(server) {
  if (!server || !server.child.pid) return;
  if (server.child.exitCode === null && server.child.signalCode === null) {
    signalServer(server, "SIGTERM");
    try {
      await withTimeout(server.exited, 5_000, "server shutdown");
    } catch {
      /* fall through to SIGKILL */
    }
  }
  signalServer(server, "SIGKILL"); // also any leftover children of a wrapper
}

// ------------------------------------------------------- agent WebSocket

/** Agent event stream: checks seq ordering and lets the test wait for events. */
class AgentSocket {
  constructor(url, token, head) {
    this.lastSeq = head;
    this.caughtUp = false;
    this.events = [];
    this.typing = [];
    this.waiters = [];
    this.problem = null;
    this.ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", resolve);
      this.ws.once("error", reject);
      this.ws.once("unexpected-response", (_req, res) =>
        reject(new TestFailure(`agent WebSocket upgrade answered ${res.statusCode}`)),
      );
    });
    this.ws.on("message", (data) => this.onFrame(String(data)));
    this.ws.on("close", (code) => {
      if (!this.closing) this.fail(`agent WebSocket closed unexpectedly (code ${code})`);
    });
  }

  fail(message) {
    if (!this.problem) this.problem = message;
    for (const w of this.waiters.splice(0)) w.reject(new TestFailure(message));
  }

  onFrame(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.fail(`agent WebSocket sent non-JSON: ${text.slice(0, 200)}`);
    }
    if (frame.type === "caught_up") {
      if (typeof frame.head !== "number") return this.fail(`caught_up without numeric head: ${text}`);
      if (frame.head !== this.lastSeq) {
        return this.fail(`caught_up head ${frame.head} but the last seq seen was ${this.lastSeq}`);
      }
      this.caughtUp = true;
    } else if (frame.type === "typing") {
      this.typing.push(frame.conversation_id);
    } else if (frame.type === "resync") {
      return this.fail(`agent WebSocket asked for a resync: ${frame.reason}`);
    } else if (frame.type === "event") {
      const ev = frame.event;
      if (!ev || typeof ev.seq !== "number") return this.fail(`event frame without seq: ${text.slice(0, 300)}`);
      if (ev.seq <= this.lastSeq) return this.fail(`seq did not increase: ${ev.seq} after ${this.lastSeq}`);
      // prev is where this socket stood before the event: nothing may be missed.
      if (frame.prev !== this.lastSeq) {
        return this.fail(`event ${ev.seq} has prev ${frame.prev}, but the last seq seen was ${this.lastSeq}`);
      }
      this.events.push({ prevSeen: this.lastSeq, ...ev });
      this.lastSeq = ev.seq;
    }
    this.check();
  }

  /** Resolves once the customer of `conversationId` is reported typing. */
  async waitForTyping(conversationId) {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (!this.typing.includes(conversationId)) {
      if (this.problem) throw new TestFailure(this.problem);
      if (Date.now() > deadline) throw new TestFailure("agent socket: no typing frame for the visitor");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  check() {
    for (const w of [...this.waiters]) {
      const found = this.events.find(w.predicate);
      if (found) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(found);
      }
    }
  }

  waitFor(predicate, what, ms = STEP_TIMEOUT_MS) {
    if (this.problem) return Promise.reject(new TestFailure(this.problem));
    const found = this.events.find(predicate);
    if (found) return Promise.resolve(found);
    const waiter = {};
    const p = new Promise((resolve, reject) => Object.assign(waiter, { predicate, resolve, reject }));
    this.waiters.push(waiter);
    return withTimeout(p, ms, `agent socket: ${what}`).finally(() => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    });
  }

  waitForMessage(body, author, what) {
    return this.waitFor(
      (ev) => ev.data && ev.data.kind === "message_upserted" && ev.data.message && ev.data.message.body === body &&
        ev.data.message.author === author,
      what,
    );
  }

  close() {
    this.closing = true;
    try {
      this.ws.close();
    } catch {
      /* ignore */
    }
  }
}

// ------------------------------------------------------------- the test

async function run(ctx) {
  ctx.dataDir = mkdtempSync(join(tmpdir(), "fiido-e2e-"));
  ctx.server = startServer(ctx.dataDir);
  const base = await withTimeout(ctx.server.baseUrl, START_TIMEOUT_MS, "server 'listening on' line");
  log(`server at ${base}`);

  // Agent login and event head.
  const login = await api(base, "POST", "/api/v1/auth/login", { body: { email: AGENT_EMAIL, password: AGENT_PASSWORD } });
  assert(login && typeof login.token === "string" && login.token, "login answer has no token");
  assert(login.agent && typeof login.agent === "object", "login answer has no agent");
  const agentToken = login.token;
  const head0 = await api(base, "GET", "/api/v1/events?after=0&limit=1", { token: agentToken });
  assert(head0 && typeof head0.head === "number", `GET /api/v1/events has no numeric head: ${JSON.stringify(head0)}`);
  log(`agent logged in (${login.agent.name || login.agent.email || login.agent.id}), event head ${head0.head}`);

  const wsUrl = new URL(`/api/v1/ws?after=${head0.head}`, base);
  wsUrl.protocol = "ws:";
  ctx.agent = new AgentSocket(wsUrl.href, agentToken, head0.head);
  await withTimeout(ctx.agent.opened, STEP_TIMEOUT_MS, "agent WebSocket open");

  // Browser.
  ctx.browser = await withTimeout(
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }),
    START_TIMEOUT_MS,
    "chromium launch",
  );
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-GB" });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  ctx.page = page;
  const origin = new URL(base).origin;
  const foreign = [];
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("data:") && new URL(url).origin !== origin) foreign.push(url);
  });
  page.on("pageerror", (err) => ctx.pageErrors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") ctx.consoleErrors.push(msg.text());
  });

  await page.goto(`${base}/demo/shop`, { waitUntil: "load", timeout: STEP_TIMEOUT_MS });
  const launcher = page.getByTestId("widget-launcher");
  await launcher.waitFor({ state: "visible" });
  log("shop page loaded, launcher visible");

  // Open the widget and start a session.
  await launcher.click();
  const panel = page.getByTestId("widget-panel");
  await panel.waitFor({ state: "visible" });
  await page.getByTestId("widget-name").fill("Erika Mustermann");
  await page.getByTestId("widget-email").fill("erika@example.de");
  // She agrees to share what she looks at on the shop (CUST-3).
  await page.getByTestId("widget-share-activity").check();
  await page.getByTestId("widget-start").click();
  const input = page.getByTestId("widget-input");
  await input.waitFor({ state: "visible" });
  await page.getByTestId("widget-messages").waitFor({ state: "visible" });
  log("session started");

  // The shop's pages tell the widget what she does; the agent's API shows it.
  await page.evaluate(() => {
    window.FiidoChat.viewed("FD-D4S-BLK");
    window.FiidoChat.viewed("FD-D11-GRY");
    window.FiidoChat.cart([{ sku: "FD-D11-GRY", quantity: 1 }]);
    window.FiidoChat.searched("d11 akku reichweite");
  });
  const session = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.endsWith(":token")) return localStorage.getItem(key);
    }
    return null;
  });
  const me = await api(base, "GET", "/api/v1/widget/session", { token: session });
  const customerId = me.customer.id;
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let behaviour = null;
  while (Date.now() < deadline) {
    const customer = await api(base, "GET", `/api/v1/customers/${customerId}`, { token: agentToken });
    if (customer.behaviour && customer.behaviour.cart.length > 0) {
      behaviour = customer.behaviour;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert(behaviour, "the customer's shop activity reached the server");
  assert(
    JSON.stringify(behaviour.viewed.map((v) => v.name)) ===
      JSON.stringify(["Fiido D11 Folding E-Bike (Grey)", "Fiido D4S Folding E-Bike (Black)"]),
    `viewed, newest first, by catalogue name: ${JSON.stringify(behaviour.viewed)}`,
  );
  assert(behaviour.cart[0].quantity === 1 && behaviour.cart[0].sku === "FD-D11-GRY", `cart: ${JSON.stringify(behaviour.cart)}`);
  assert(JSON.stringify(behaviour.searches) === JSON.stringify(["d11 akku reichweite"]), `searches: ${JSON.stringify(behaviour.searches)}`);
  log("shop activity shared with consent reached the agent's API");

  // Visitor sends a message (with Enter).
  const seqBefore = ctx.agent.lastSeq;
  const first = `Hallo! Does the Fiido D11 fit a rider of 1.90 m? #${randomUUID().slice(0, 8)}`;
  await input.fill(first);
  await input.press("Enter");
  const ev1 = await orWidgetFailure(page, ctx.agent.waitForMessage(first, "customer", "visitor message as message_upserted"));
  assert(ev1.seq === ev1.prevSeen + 1, `visitor message event seq ${ev1.seq} is not the next after ${ev1.prevSeen}`);
  assert(ev1.seq > seqBefore, `visitor message seq ${ev1.seq} not after ${seqBefore}`);
  const conversationId = ev1.conversation_id || ev1.data.message.conversation_id;
  assert(conversationId, "message_upserted event has no conversation_id");
  assert(ev1.data.message.conversation_id === conversationId, "event and message disagree on conversation_id");
  log(`agent socket got the visitor message (seq ${ev1.seq}, conversation ${conversationId})`);

  // Exactly one bubble for it, confirmed (not "sending") — no duplicate from the echo.
  const firstBubble = page.getByTestId("widget-message").filter({ hasText: first });
  await page.waitForFunction(
    (text) => {
      const host = document.querySelector("fiido-desk-widget");
      const root = host && host.shadowRoot;
      if (!root) return false;
      const all = [...root.querySelectorAll('[data-testid="widget-message"]')].filter((el) =>
        (el.querySelector('[data-testid="widget-message-body"]') || el).textContent === text,
      );
      return all.length === 1 && !["sending", "failed"].includes(all[0].getAttribute("data-state"));
    },
    first,
    { timeout: STEP_TIMEOUT_MS },
  );
  assert((await firstBubble.count()) === 1, "visitor message shown more than once");
  assert((await firstBubble.getAttribute("data-author")) === "customer", "visitor message not authored by customer");
  assert((await input.inputValue()) === "", "input was not cleared after sending");

  // Agent replies over REST; the reply shows up with the agent's name.
  const reply = `Hi Erika, yes: the D11 fits riders from 1.55 to 1.95 m.\nAnything else?`;
  const replyMsg = await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    token: agentToken,
    body: { body: reply, client_id: randomUUID() },
  });
  assert(replyMsg && replyMsg.author === "agent", `agent reply answer is not an agent message: ${JSON.stringify(replyMsg)}`);
  const agentName = replyMsg.author_name;
  assert(typeof agentName === "string" && agentName.trim(), "agent reply has no author_name");
  const replyBubble = page.locator('[data-testid="widget-message"][data-author="agent"]').filter({ hasText: "the D11 fits riders" });
  await replyBubble.waitFor({ state: "visible" });
  const shownName = (await replyBubble.getByTestId("widget-author").textContent()) || "";
  assert(shownName.trim() === agentName.trim(), `agent name shown as "${shownName}", expected "${agentName}"`);
  const replyText = await replyBubble.getByTestId("widget-message-body").textContent();
  assert(replyText === reply, `reply text differs: ${JSON.stringify(replyText)}`);
  const whiteSpace = await replyBubble.getByTestId("widget-message-body").evaluate((el) => getComputedStyle(el).whiteSpace);
  assert(whiteSpace === "pre-wrap", `message body white-space is ${whiteSpace}, not pre-wrap`);
  log(`agent reply shown with author "${shownName}"`);
  await ctx.agent.waitForMessage(reply, "agent", "agent reply as message_upserted");

  // The open panel reports the reply read: the agent's socket sees it turn read (✓✓).
  await orWidgetFailure(
    page,
    ctx.agent.waitFor(
      (ev) => ev.data && ev.data.kind === "message_upserted" && ev.data.message && ev.data.message.id === replyMsg.id &&
        ev.data.message.state === "read",
      "the agent reply turning read",
    ),
  );
  log("read receipt: the agent reply turned read");

  // Untrusted text is shown literally and never executed.
  await input.fill(XSS);
  await page.getByTestId("widget-send").click();
  const xssBubble = page.getByTestId("widget-message").filter({ hasText: "window.__xss=1" });
  await xssBubble.waitFor({ state: "visible" });
  await orWidgetFailure(page, ctx.agent.waitForMessage(XSS, "customer", "XSS message as message_upserted"));
  await page.waitForFunction(
    () => {
      const root = document.querySelector("fiido-desk-widget")?.shadowRoot;
      const el = root && [...root.querySelectorAll('[data-testid="widget-message"]')].find((m) => m.textContent.includes("window.__xss=1"));
      return !!el && !["sending", "failed"].includes(el.getAttribute("data-state"));
    },
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
  const xssText = await xssBubble.getByTestId("widget-message-body").textContent();
  assert(xssText === XSS, `XSS payload not shown literally: ${JSON.stringify(xssText)}`);
  const injected = await page.evaluate(() => {
    const root = document.querySelector("fiido-desk-widget")?.shadowRoot;
    return {
      xss: typeof window.__xss,
      imgs: root ? root.querySelectorAll('[data-testid="widget-messages"] img, [data-testid="widget-messages"] script').length : -1,
    };
  });
  assert(injected.xss === "undefined", `window.__xss is set (${injected.xss}): message text was interpreted as HTML`);
  assert(injected.imgs === 0, "message text created <img>/<script> elements");
  log("XSS payload rendered as text, not executed");

  // Files (MSG-3): a PDF reaches the agent; an .exe renamed .pdf and an
  // empty file are refused with the server's reason, and nothing is sent.
  const files = mkdtempSync(join(tmpdir(), "widget-files-"));
  const file = (name, bytes) => {
    const path = join(files, name);
    writeFileSync(path, bytes);
    return path;
  };
  const attach = page.getByTestId("widget-attach");
  await attach.setInputFiles(file("Rechnung.pdf", Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")));
  await page.getByTestId("widget-file").filter({ hasText: "Rechnung.pdf" }).waitFor({ state: "visible" });
  const fileEvent = await orWidgetFailure(
    page,
    ctx.agent.waitFor(
      (ev) => ev.data && ev.data.kind === "message_upserted" && ev.data.message && ev.data.message.attachment &&
        ev.data.message.attachment.name === "Rechnung.pdf",
      "the visitor's PDF on the agent socket",
    ),
  );
  assert(fileEvent.data.message.attachment.content_type === "application/pdf", "the PDF is typed by its bytes");
  const afterPdf = ctx.agent.lastSeq;
  for (const [name, bytes, reason] of [
    ["evil.pdf", Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]), "evil.pdf is"],
    ["empty.pdf", Buffer.alloc(0), "empty.pdf is empty"],
  ]) {
    await attach.setInputFiles(file(name, bytes));
    await page.getByTestId("widget-error").filter({ hasText: reason }).waitFor({ state: "visible" });
  }
  assert(ctx.agent.lastSeq === afterPdf, "a refused file reached the agents");
  // An image shows inline (fetched with the visitor's token, as a blob).
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000004000000030802000000" +
      "3b9639910000001049444154789c63504d7e0d470c3839004a0c1165211328d70000000049454e44ae426082",
    "hex",
  );
  await attach.setInputFiles(file("crack.png", png));
  await page.waitForFunction(
    () => {
      const root = document.querySelector("fiido-desk-widget")?.shadowRoot;
      const img = root && root.querySelector('[data-testid="widget-image"]');
      return !!img && img.complete && img.naturalWidth === 4;
    },
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
  rmSync(files, { recursive: true, force: true });
  log("files: a PDF sent; an .exe renamed .pdf and an empty file refused with the reason; an image shown inline");

  // Cards (MSG-4, COM-5): the agent sends a product and a coupon; the widget
  // draws them from the server's snapshot, with the store's own link.
  const products = await api(base, "GET", "/api/v1/products?limit=1", { token: agentToken });
  const product = products.items[0];
  for (const card of [{ kind: "product", sku: product.sku }, { kind: "coupon", code: "WELCOME10" }]) {
    await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      token: agentToken,
      body: { body: "", client_id: randomUUID(), card },
      expect: 201,
    });
  }
  const productCard = page.locator('[data-testid="widget-card"][data-kind="product"]');
  await productCard.waitFor({ state: "visible" });
  assert((await productCard.getByTestId("widget-card-title").textContent()) === product.name, "the product card names the product");
  const href = await productCard.getByTestId("widget-card-link").getAttribute("href");
  assert(href.startsWith(`https://fiido.de/products/${product.sku.toLowerCase()}?utm_source=fiido-desk`), `product link: ${href}`);
  const couponCard = page.locator('[data-testid="widget-card"][data-kind="coupon"]');
  await couponCard.waitFor({ state: "visible" });
  assert((await couponCard.getByTestId("widget-card-code").textContent()) === "WELCOME10", "the coupon card shows its code");
  await page.screenshot({ path: join(SCREENSHOT_DIR, "widget-cards.png") });
  log("cards: a product and a coupon drawn in the widget");

  // Reload: the session survives (history shown, no start form).
  await page.reload({ waitUntil: "load", timeout: STEP_TIMEOUT_MS });
  await launcher.waitFor({ state: "visible" });
  if (!(await panel.isVisible())) await launcher.click();
  await panel.waitFor({ state: "visible" });
  const history = page.getByTestId("widget-messages");
  await history.waitFor({ state: "visible" });
  await history.getByTestId("widget-message").filter({ hasText: first }).waitFor({ state: "visible" });
  await history.locator('[data-testid="widget-message"][data-author="agent"]').filter({ hasText: "the D11 fits riders" }).waitFor({ state: "visible" });
  await history.getByTestId("widget-message").filter({ hasText: "window.__xss=1" }).waitFor({ state: "visible" });
  assert((await page.getByTestId("widget-start").count()) === 0, "start form shown after reload");
  assert((await page.getByTestId("widget-name").count()) === 0, "name field shown after reload");
  assert((await history.getByTestId("widget-message").filter({ hasText: first }).count()) === 1, "duplicate bubble after reload");
  log("session survived the reload");

  // The live socket works again after the reload.
  const late = `Your order FD-${Math.floor(Math.random() * 90000 + 10000)} ships tomorrow.`;
  await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    token: agentToken,
    body: { body: late, client_id: randomUUID() },
  });
  await page.locator('[data-testid="widget-message"][data-author="agent"]').filter({ hasText: late }).waitFor({ state: "visible" });
  log("live update after reload shown");

  // Typing both ways (MSG-7): the visitor types, the agent's socket hears it;
  // the agent types, the widget shows who.
  await input.pressSequentially("Hel", { delay: 30 });
  await ctx.agent.waitForTyping(conversationId);
  await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(conversationId)}/typing`, {
    token: agentToken,
    expect: 204,
  });
  const typingLine = page.getByTestId("widget-typing");
  await typingLine.waitFor({ state: "visible" });
  assert((await typingLine.textContent()) === `${agentName} is typing…`, `typing line reads ${await typingLine.textContent()}`);
  await input.fill("");
  log("typing shown both ways");

  // Recall (MSG-6): the agent takes a reply back; the widget removes it.
  const wrong = `Wrong link, sorry #${randomUUID().slice(0, 8)}`;
  const wrongMsg = await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    token: agentToken,
    body: { body: wrong, client_id: randomUUID() },
  });
  const wrongBubble = page.locator('[data-testid="widget-message"][data-author="agent"]').filter({ hasText: wrong });
  await wrongBubble.waitFor({ state: "visible" });
  await typingLine.waitFor({ state: "hidden" });
  await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(conversationId)}/messages/${wrongMsg.id}/recall`, {
    token: agentToken,
  });
  await wrongBubble.waitFor({ state: "detached" });
  log("recalled reply removed from the widget");

  // The queue (AUTO-6): with Lena away nobody takes new chats; a visitor
  // who writes after another sees place 2, then 1 once the first is taken.
  const settings = await api(base, "GET", "/api/v1/me/settings", { token: agentToken });
  await api(base, "PUT", "/api/v1/me/settings", { token: agentToken, body: { ...settings, status: "away" } });
  const ahead = await api(base, "POST", "/api/v1/widget/sessions", { body: { store: STORE_KEY, name: "Ahead" }, expect: 201 });
  await api(base, "POST", "/api/v1/widget/messages", {
    token: ahead.token,
    body: { body: "First in line", client_id: randomUUID() },
    expect: 201,
  });
  const queueContext = await ctx.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-GB" });
  queueContext.setDefaultTimeout(STEP_TIMEOUT_MS);
  const queuePage = await queueContext.newPage();
  queuePage.on("pageerror", (err) => ctx.pageErrors.push(String(err)));
  await queuePage.goto(`${base}/demo/shop`, { waitUntil: "load", timeout: STEP_TIMEOUT_MS });
  await queuePage.getByTestId("widget-launcher").click();
  await queuePage.getByTestId("widget-name").fill("Second Customer");
  await queuePage.getByTestId("widget-start").click();
  const queueInput = queuePage.getByTestId("widget-input");
  // Without her consent the shop's reports are dropped in the page.
  const kept = await queuePage.evaluate(() => {
    window.FiidoChat.viewed("FD-D4S-BLK");
    window.FiidoChat.searched("private search");
    return Object.keys(localStorage).filter((k) => k.endsWith(":behaviour"));
  });
  assert(kept.length === 0, `nothing is kept without consent: ${JSON.stringify(kept)}`);
  await queueInput.fill("Is anyone there?");
  await queueInput.press("Enter");
  const place = queuePage.getByTestId("widget-queue");
  await place.waitFor({ state: "visible" });
  await queuePage.waitForFunction(
    () => document.querySelector("fiido-desk-widget")?.shadowRoot?.querySelector('[data-testid="widget-queue"]')?.textContent === "You are number 2 in line.",
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
  const lead = await api(base, "POST", "/api/v1/auth/login", { body: { email: "lead@demo.fiido", password: AGENT_PASSWORD } });
  await api(base, "POST", `/api/v1/conversations/${encodeURIComponent(ahead.conversation_id)}/assignment`, {
    token: lead.token,
    body: { assignee_id: lead.agent.id },
  });
  await queuePage.waitForFunction(
    () => document.querySelector("fiido-desk-widget")?.shadowRoot?.querySelector('[data-testid="widget-queue"]')?.textContent === "You are next in line.",
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
  log("queue place shown (2) and moved (1)");
  await api(base, "PUT", "/api/v1/me/settings", { token: agentToken, body: { ...settings, status: "available" } });
  await place.waitFor({ state: "hidden" });
  log("queue place gone once Lena, back, took the chat");
  await queueContext.close();

  // The survey (STAT-5): Lena closes the chat, the widget asks, the visitor
  // gives 4 stars with a comment; the agents hear it and the team's figures
  // count it.
  const dayStart = Date.now() - 60 * 60 * 1000;
  await api(base, "PATCH", `/api/v1/conversations/${encodeURIComponent(conversationId)}`, {
    token: agentToken,
    body: { status: "closed" },
  });
  const survey = page.getByTestId("widget-survey");
  await survey.waitFor({ state: "visible" });
  await page.getByTestId("widget-star").nth(3).click();
  await page.getByTestId("widget-survey-comment").fill("Quick and friendly");
  const rated = ctx.agent.waitFor(
    (ev) => ev.data && ev.data.kind === "satisfaction_rated" && ev.data.conversation_id === conversationId,
    "the rating on the agent socket",
  );
  await page.getByTestId("widget-survey-send").click();
  await page.getByTestId("widget-survey-thanks").waitFor({ state: "visible" });
  const ratedEvent = await rated;
  assert(ratedEvent.data.score === 4 && ratedEvent.data.comment === "Quick and friendly", "the rating as given");
  const team = await api(base, "GET", `/api/v1/stats/team?from=${dayStart}&to=${Date.now() + 60_000}&store_id=store-eu`, { token: lead.token });
  assert(team.figures.ratings === 1 && team.figures.satisfaction === 4, `the team's satisfaction: ${JSON.stringify(team.figures)}`);
  log("survey: 4 stars given in the widget, heard by the agents, counted in the team's figures");

  assert(
    (await page.evaluate(() => typeof window.__xss)) === "undefined",
    "window.__xss got set after the reload",
  );
  assert(foreign.length === 0, `the page loaded external resources: ${foreign.slice(0, 5).join(", ")}`);
  assert(ctx.pageErrors.length === 0, `uncaught errors in the page: ${ctx.pageErrors.join(" | ")}`);
  if (ctx.agent.problem) throw new TestFailure(ctx.agent.problem);

  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const shot = join(SCREENSHOT_DIR, "widget.png");
  await page.screenshot({ path: shot, timeout: STEP_TIMEOUT_MS, animations: "disabled" });

  return { base, shot, events: ctx.agent.events.length, seqs: `${head0.head}→${ctx.agent.lastSeq}`, agentName };
}

async function main() {
  const ctx = { pageErrors: [], consoleErrors: [] };
  const abort = (why) => {
    console.error(`FAIL: ${why}`);
    console.error("0 passed, 1 failed");
    if (ctx.server) signalServer(ctx.server, "SIGKILL");
    if (ctx.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
    process.exit(1);
  };
  const watchdog = setTimeout(() => abort(`whole test exceeded ${TOTAL_TIMEOUT_MS} ms`), TOTAL_TIMEOUT_MS);
  process.once("SIGINT", () => abort("interrupted"));
  process.once("SIGTERM", () => abort("terminated"));
  let code = 0;
  try {
    const r = await run(ctx);
    console.log("");
    console.log("PASS widget e2e");
    console.log(`  server           ${r.base}`);
    console.log(`  agent events     ${r.events} (seq ${r.seqs}, strictly increasing, prev-linked)`);
    console.log(`  agent name shown ${r.agentName}`);
    console.log("  checked          start form, send (Enter + button), no duplicate bubble, agent reply, XSS as text, reload keeps session, live after reload, typing both ways, recall, queue place, files and images, cards, survey");
    console.log(`  screenshot       ${r.shot}`);
    console.log("1 passed, 0 failed");
  } catch (err) {
    code = 1;
    console.error("");
    console.error(`FAIL: ${err && err.message ? err.message : err}`);
    if (!(err instanceof TestFailure) && err && err.stack) console.error(err.stack);
    if (ctx.pageErrors.length) console.error("page errors:\n  " + ctx.pageErrors.join("\n  "));
    if (ctx.consoleErrors.length) console.error("console errors:\n  " + ctx.consoleErrors.slice(-20).join("\n  "));
    if (ctx.page) {
      const shot = join(SCREENSHOT_DIR, "widget-failure.png");
      await withTimeout(ctx.page.screenshot({ path: shot }), 5_000, "failure screenshot")
        .then(() => console.error(`failure screenshot: ${shot}`))
        .catch(() => {});
    }
    if (ctx.server) console.error("server output (last lines):\n  " + ctx.server.output.slice(-40).join("\n  "));
    console.error("0 passed, 1 failed");
  } finally {
    if (ctx.agent) ctx.agent.close();
    if (ctx.browser) await withTimeout(ctx.browser.close(), 10_000, "browser close").catch(() => {});
    await stopServer(ctx.server).catch(() => {});
    if (ctx.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
  process.exit(code);
}

main();
