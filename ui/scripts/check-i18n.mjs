// Fails when a word the desk shows is outside the message catalogue (PLAT-6):
// text in .svelte markup, a human attribute (title, placeholder, aria-label…),
// or a sentence-like string literal in a script; and when the five
// catalogues disagree (a key missing in one language, a different
// placeholder), or the code asks for a key the catalogue lacks.
// Run by `npm run check`. A line may opt out with `// i18n-ignore` (or
// `<!-- i18n-ignore -->` on the markup line) for names and symbols.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "svelte/compiler";
import ts from "typescript";

const root = new URL("../src/", import.meta.url).pathname;
const LANGS = ["en", "zh", "de", "fr", "es"];
const HUMAN_ATTRS = new Set(["title", "placeholder", "aria-label", "aria-description", "alt", "label", "aria-roledescription"]);
/** Words that are the same in every language: the brand, units and formats. */
const ALLOWED = new Set(["Fiido", "Fiido Desk", "XLSX", "CSV", "JSON", "HTML", "PDF", "UTM", "VIP", "SKU", "ID", "URL", "Ctrl", "Alt", "Shift", "Esc", "Enter", "Tab", "PNG", "ZIP"]);

const problems = [];
const usedKeys = new Map();

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "locales") files(p, out);
    } else if (/\.(svelte|ts)$/.test(name) && !name.endsWith(".d.ts") && name !== "bindings.ts") {
      out.push(p);
    }
  }
  return out;
}

const lineOf = (src, offset) => src.slice(0, offset).split("\n").length;
const ignored = (src, offset) => /i18n-ignore/.test(src.split("\n")[lineOf(src, offset) - 1] ?? "");

/** Text a person reads: has a letter and is not an allowed symbol or name. */
function isHumanText(text) {
  const s = text.replace(/\s+/g, " ").trim();
  if (!/\p{L}/u.test(s)) return false;
  return !ALLOWED.has(s);
}

function report(file, src, offset, what) {
  problems.push(`${relative(root, file)}:${lineOf(src, offset)}: ${what}`);
}

function walkMarkup(node, file, src) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walkMarkup(n, file, src);
    return;
  }
  if (node.type === "Text" && isHumanText(node.data) && !ignored(src, node.start)) {
    report(file, src, node.start, `text outside the catalogue: ${JSON.stringify(node.data.trim().slice(0, 60))}`);
  }
  if (node.type === "Attribute" && HUMAN_ATTRS.has(node.name) && Array.isArray(node.value)) {
    for (const part of node.value) {
      if (part.type === "Text" && isHumanText(part.data) && !ignored(src, part.start)) {
        report(file, src, part.start, `${node.name}="${part.data.slice(0, 60)}" outside the catalogue`);
      }
    }
  }
  if (node.type === "Attribute" || node.type === "StyleDirective" || node.type === "ClassDirective") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "parent" || key === "instance" || key === "module" || key === "css") continue;
    if (value && typeof value === "object") walkMarkup(value, file, src);
  }
}

/** A literal that reads like a sentence or a label: "Could not save", "Send". */
function looksHuman(text) {
  const s = text.trim();
  if (!isHumanText(s)) return false;
  if (/^[a-z0-9_.:/#@$%&=?*+\-[\]()]+$/i.test(s) && !/ /.test(s) && !/^[A-Z][a-z]+:?$/.test(s)) return false;
  if (/^(https?:|mailto:|\.|#|--|\/|[a-z-]+:)/.test(s)) return false;
  // SVG path data
  if (/^[Mm][\d.\s-]/.test(s)) return false;
  if (/^[a-z][\w-]*( [a-z][\w-]*)*$/.test(s) && !/ /.test(s)) return false;
  // CSS classes, event names and identifiers are lower case without punctuation.
  if (/^[a-z0-9 _-]+$/.test(s) && !/[.!?…:]$/.test(s) && s.split(" ").length < 3) return false;
  return /^[\p{Lu}\p{Lo}]/u.test(s) || /[.!?…]$/.test(s) || s.split(" ").length >= 3;
}

function keyOfCall(node) {
  const callee = node.expression;
  const name = ts.isIdentifier(callee) ? callee.text : "";
  return ["$_", "t", "tList", "$json"].includes(name);
}

function walkScript(code, file, src, base) {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isCallExpression(node) && keyOfCall(node)) {
      const first = node.arguments[0];
      if (first && ts.isStringLiteralLike(first)) usedKeys.set(first.text, `${relative(root, file)}:${lineOf(src, base + first.getStart())}`);
      return;
    }
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isLiteralTypeNode(node)) return;
    if (ts.isCallExpression(node) && /^(console\.|new Error|Error)/.test(node.expression.getText())) return;
    if (ts.isNewExpression(node) && node.expression.getText() === "Error") return;
    if (ts.isPropertyAssignment(node) && ts.isStringLiteralLike(node.name) === false) {
      // the key is an identifier: only the value is checked
    }
    if (ts.isElementAccessExpression(node)) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      const parent = node.parent;
      const isKey = parent && (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent)) && parent.name === node;
      const isCompare = parent && ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.operatorToken.kind);
      const isCase = parent && ts.isCaseClause(parent);
      if (!isKey && !isCompare && !isCase && looksHuman(node.text) && !ignored(src, base + node.getStart())) {
        report(file, src, base + node.getStart(), `string outside the catalogue: ${JSON.stringify(node.text.slice(0, 60))}`);
      }
    }
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ");
      if (looksHuman(parts) && /\p{L}{2,} \p{L}{2,}/u.test(parts) && !ignored(src, base + node.getStart())) {
        report(file, src, base + node.getStart(), `template outside the catalogue: ${JSON.stringify(node.getText().slice(0, 60))}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

/** Keys used inside markup expressions: {$_("a.b")} */
function markupKeys(src, file) {
  for (const m of src.matchAll(/\$_\(\s*["'`]([\w.-]+)["'`]/g)) usedKeys.set(m[1], `${relative(root, file)}:${lineOf(src, m.index)}`);
  for (const m of src.matchAll(/\bt(?:List)?\(\s*["'`]([\w.-]+)["'`]/g)) usedKeys.set(m[1], `${relative(root, file)}:${lineOf(src, m.index)}`);
}

for (const file of files(root)) {
  const src = readFileSync(file, "utf8");
  if (file.endsWith(".svelte")) {
    const ast = parse(src, { modern: true });
    walkMarkup(ast.fragment, file, src);
    for (const script of [ast.instance, ast.module]) {
      if (script) walkScript(src.slice(script.content.start, script.content.end), file, src, script.content.start);
    }
    markupKeys(src, file);
    // Words put on screen by CSS (content: "Assignee: ") are text too.
    if (ast.css) {
      const css = src.slice(ast.css.start, ast.css.end);
      for (const m of css.matchAll(/content:\s*"([^"]*)"/g)) {
        if (isHumanText(m[1]) && !ignored(src, ast.css.start + m.index)) {
          report(file, src, ast.css.start + m.index, `CSS content outside the catalogue: ${JSON.stringify(m[1])}`);
        }
      }
    }
  } else {
    walkScript(src, file, src, 0);
    markupKeys(src, file);
  }
}

// The catalogues: same keys and placeholders in every language.
function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, Array.isArray(v) ? v.join("|") : String(v));
  }
  return out;
}
const catalogues = {};
for (const lang of LANGS) {
  const dir = join(root, "locales", lang);
  const all = new Map();
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    flatten(JSON.parse(readFileSync(join(dir, name), "utf8")), name.replace(/\.json$/, ""), all);
  }
  catalogues[lang] = all;
}
const placeholders = (s) => [...s.matchAll(/\{\s*(\w+)/g)].map((m) => m[1]).sort().join(",");
for (const [key, en] of catalogues.en) {
  for (const lang of LANGS.slice(1)) {
    const other = catalogues[lang].get(key);
    if (other === undefined) problems.push(`locales/${lang}: "${key}" is missing`);
    else if (placeholders(other) !== placeholders(en)) problems.push(`locales/${lang}: "${key}" has placeholders {${placeholders(other)}}, English has {${placeholders(en)}}`);
  }
}
for (const lang of LANGS.slice(1)) {
  for (const key of catalogues[lang].keys()) if (!catalogues.en.has(key)) problems.push(`locales/${lang}: "${key}" is not in English`);
}
for (const [key, where] of usedKeys) {
  const isPrefix = [...catalogues.en.keys()].some((k) => k.startsWith(`${key}.`));
  if (!catalogues.en.has(key) && !isPrefix && !key.endsWith(".")) problems.push(`${where}: key "${key}" is not in the catalogue`);
}

// The desktop core's own words (notifications, the tray): one file, every
// key in every language with the same %{placeholders}, and every t!("key")
// in the Rust code present.
const rustCatalogue = JSON.parse(readFileSync(new URL("../../desk-core/locales/desk.json", import.meta.url), "utf8"));
const rustPlaceholders = (s) => [...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");
for (const [key, byLang] of Object.entries(rustCatalogue)) {
  if (key === "_version") continue;
  for (const lang of LANGS) {
    if (typeof byLang[lang] !== "string") problems.push(`desk-core/locales/desk.json: "${key}" has no ${lang}`);
    else if (rustPlaceholders(byLang[lang]) !== rustPlaceholders(byLang.en)) problems.push(`desk-core/locales/desk.json: "${key}" ${lang} placeholders differ from English`);
  }
}
function rustFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) rustFiles(p, out);
    else if (name.endsWith(".rs")) out.push(p);
  }
  return out;
}
for (const dir of ["../../desk-core/src", "../../src-tauri/src"]) {
  for (const file of rustFiles(new URL(dir, import.meta.url).pathname)) {
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(/\b(?:t!|tr)\(\s*"([\w.]+)"/g)) {
      if (!(m[1] in rustCatalogue)) problems.push(`${file}: key "${m[1]}" is not in desk-core/locales/desk.json`);
    }
  }
}

if (problems.length) {
  console.error(`${problems.length} i18n problem(s):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`i18n: ${catalogues.en.size} messages in ${LANGS.length} languages; no UI string outside the catalogue`);
