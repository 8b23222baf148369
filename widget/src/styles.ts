// Styles of the widget; they live inside the Shadow DOM, so the shop's CSS
// cannot reach in and ours cannot leak out.

export const ACCENT = "#F59E0B";
export const DARK = "#111827";

export const css = `
:host {
  all: initial;
  display: block;
  position: static;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 14px;
  line-height: 1.45;
  color: ${DARK};
  -webkit-font-smoothing: antialiased;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus { outline: none; }
:focus-visible { outline: 3px solid ${ACCENT}; outline-offset: 2px; }

.launcher {
  position: fixed; right: 24px; bottom: 24px; z-index: 2147483000;
  width: 60px; height: 60px; border-radius: 50%; border: 0; padding: 0;
  background: ${ACCENT}; color: ${DARK};
  box-shadow: 0 8px 24px rgba(17, 24, 39, .28), 0 2px 6px rgba(17, 24, 39, .18);
  display: flex; align-items: center; justify-content: center;
  transition: transform .15s ease, background-color .15s ease;
}
.launcher:hover { background: #FBBF24; transform: translateY(-1px); }
.launcher:focus-visible { outline-color: ${DARK}; outline-offset: 3px; }
.launcher svg { width: 28px; height: 28px; }
.badge {
  position: absolute; top: -2px; right: -2px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #DC2626; color: #fff; font-size: 12px; font-weight: 700;
  line-height: 20px; text-align: center; border: 2px solid #fff;
}

.panel {
  position: fixed; right: 24px; bottom: 96px; z-index: 2147483000;
  width: 370px; height: min(600px, calc(100vh - 120px)); max-height: calc(100vh - 120px);
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 16px;
  box-shadow: 0 24px 48px rgba(17, 24, 39, .22), 0 4px 12px rgba(17, 24, 39, .12);
  animation: fd-in .16s ease-out;
}
@keyframes fd-in { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .panel { animation: none; } .launcher { transition: none; } }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100%; max-height: none; border-radius: 0; }
  .launcher.open { display: none; }
}

.header {
  background: ${DARK}; color: #fff; padding: 14px 12px 14px 16px;
  display: flex; align-items: center; gap: 12px; flex: none;
}
.logo {
  width: 36px; height: 36px; border-radius: 50%; flex: none;
  background: ${ACCENT}; color: ${DARK}; font-weight: 800; font-size: 18px;
  display: flex; align-items: center; justify-content: center;
}
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 15px; font-weight: 700; line-height: 1.25; }
.subtitle { margin: 2px 0 0; font-size: 12px; color: #D1D5DB; display: flex; align-items: center; gap: 6px; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #10B981; flex: none; }
.close {
  width: 36px; height: 36px; border: 0; border-radius: 8px; background: transparent; color: #fff;
  display: flex; align-items: center; justify-content: center; flex: none;
}
.close:hover { background: rgba(255, 255, 255, .12); }
.close svg { width: 20px; height: 20px; }

.typing {
  flex: none; margin: 0; padding: 2px 16px 4px; font-size: 12px; color: #6B7280; font-style: italic;
}
.queue {
  flex: none; margin: 0; padding: 6px 16px; font-size: 12px; background: #EFF6FF; color: #1E40AF;
  border-bottom: 1px solid #DBEAFE;
}
.status {
  flex: none; padding: 6px 16px; font-size: 12px; background: #FEF3C7; color: #92400E;
  border-bottom: 1px solid #FDE68A;
}
.error {
  flex: none; margin: 10px 12px 0; padding: 8px 8px 8px 12px; border-radius: 8px;
  background: #FEF2F2; color: #991B1B; border: 1px solid #FECACA; font-size: 13px;
  display: flex; align-items: flex-start; gap: 8px;
}
.error-text { flex: 1; white-space: pre-wrap; overflow-wrap: anywhere; }
.dismiss {
  border: 0; background: transparent; color: inherit; padding: 2px; border-radius: 4px;
  display: flex; align-items: center; justify-content: center; flex: none;
}
.dismiss svg { width: 16px; height: 16px; }

.body { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.loading { margin: auto; color: #6B7280; font-size: 13px; }

.start { padding: 20px 18px; display: flex; flex-direction: column; gap: 6px; overflow-y: auto; }
.welcome {
  margin: 0 0 12px; padding: 12px 14px; background: #F3F4F6; border-radius: 12px;
  white-space: pre-wrap;
}
.start label { font-weight: 600; font-size: 13px; margin-top: 8px; }
.start label .optional { font-weight: 400; color: #6B7280; margin-left: 4px; }
.start label.share { display: flex; gap: 8px; align-items: flex-start; font-weight: 400; font-size: 12px; color: #4B5563; }
.start label.share input { width: auto; margin: 2px 0 0; }
.start input {
  width: 100%; padding: 10px 12px; border: 1px solid #D1D5DB; border-radius: 8px; background: #fff;
  font-size: 14px;
}
.start input:focus-visible { outline: 2px solid ${ACCENT}; outline-offset: 0; border-color: ${ACCENT}; }
.start input[aria-invalid="true"] { border-color: #DC2626; }
.primary {
  margin-top: 16px; padding: 11px 16px; border: 0; border-radius: 8px;
  background: ${ACCENT}; color: ${DARK}; font-weight: 700; font-size: 14px;
}
.primary:hover { background: #FBBF24; }
.primary:focus-visible { outline-color: ${DARK}; }
.primary:disabled { opacity: .6; cursor: default; }

.messages {
  flex: 1; min-height: 0; overflow-y: auto; padding: 16px 12px 8px;
  display: flex; flex-direction: column; gap: 8px; background: #fff;
  overscroll-behavior: contain;
}
.empty { margin: auto; color: #6B7280; text-align: center; padding: 0 24px; white-space: pre-wrap; }
.msg { display: flex; flex-direction: column; max-width: 82%; align-self: flex-start; }
.msg[data-author="customer"] { align-self: flex-end; align-items: flex-end; }
.author { font-size: 12px; font-weight: 600; color: #4B5563; margin: 0 0 2px 4px; }
.bubble {
  padding: 8px 12px; border-radius: 14px; background: #F3F4F6; color: ${DARK};
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word;
}
.msg[data-author="customer"] .bubble { background: ${ACCENT}; color: ${DARK}; border-bottom-right-radius: 4px; }
.msg[data-author="agent"] .bubble { border-bottom-left-radius: 4px; }
.msg[data-author="bot"] .bubble { background: #fff; border: 1px solid #E5E7EB; border-bottom-left-radius: 4px; }
.msg[data-author="system"] { align-self: center; max-width: 90%; }
.msg[data-author="system"] .bubble {
  background: transparent; color: #6B7280; font-size: 12px; text-align: center; padding: 2px 8px;
}
.msg[data-state="sending"] .bubble { opacity: .65; }
.msg[data-state="failed"] .bubble { background: #FEE2E2; color: #7F1D1D; border: 1px solid #FCA5A5; }
.meta { font-size: 11px; color: #6B7280; margin: 2px 4px 0; display: flex; gap: 6px; align-items: center; }
.meta .failed { color: #B91C1C; font-weight: 600; }
.retry {
  border: 0; background: transparent; padding: 0 2px; color: #B45309; font-weight: 700; font-size: 11px;
  text-decoration: underline; border-radius: 3px;
}

.composer {
  flex: none; display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px 12px;
  border-top: 1px solid #E5E7EB; background: #fff;
}
.composer textarea {
  flex: 1; resize: none; min-height: 40px; max-height: 120px; padding: 9px 12px;
  border: 1px solid #D1D5DB; border-radius: 10px; font-size: 14px; line-height: 1.45; background: #fff;
}
.composer textarea:focus-visible { outline: 2px solid ${ACCENT}; outline-offset: 0; border-color: ${ACCENT}; }
.send {
  width: 40px; height: 40px; flex: none; border: 0; border-radius: 10px;
  background: ${ACCENT}; color: ${DARK}; display: flex; align-items: center; justify-content: center;
}
.send:hover { background: #FBBF24; }
.send:focus-visible { outline-color: ${DARK}; }
.send svg { width: 20px; height: 20px; }
.footer { flex: none; text-align: center; font-size: 11px; color: #9CA3AF; padding: 0 0 8px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.attach { position: relative; display: inline-flex; align-items: center; padding: 0 6px; cursor: pointer; color: #6b7280; }
.attach svg { width: 18px; height: 18px; }
.file-input { position: absolute; inset: 0; opacity: 0; width: 100%; cursor: pointer; }
.file { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; }
.file svg { width: 14px; height: 14px; }
.card { display: flex; flex-direction: column; gap: 4px; min-width: 200px; padding: 8px 10px; border-radius: 10px; background: #fff; color: #111827; border: 1px solid #e5e7eb; white-space: normal; }
.card-title { font-weight: 700; }
.card-row { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.card-price { font-weight: 700; font-variant-numeric: tabular-nums; }
.card-stock { color: #15803d; font-size: 12px; font-weight: 600; }
.card-stock.out { color: #b45309; }
.card-status { font-size: 11px; font-weight: 600; padding: 1px 7px; border-radius: 999px; background: #eef2ff; color: #3730a3; }
.card-lines { margin: 0; padding-left: 16px; font-size: 12.5px; }
.card-more, .card-sub { color: #6b7280; font-size: 12px; list-style: none; }
.card-code { font-family: ui-monospace, monospace; font-weight: 700; letter-spacing: 0.06em; padding: 2px 8px; border: 1px dashed #f59e0b; border-radius: 6px; background: #fffbeb; color: #92400e; }
.card-action { align-self: flex-start; font: inherit; font-size: 12.5px; font-weight: 600; color: #2563eb; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: none; }
.card-action:hover { text-decoration: underline; }
.caption { margin-bottom: 6px; }
.thumb-open { display: block; padding: 0; border: 0; background: none; cursor: zoom-in; }
.thumb { display: block; max-width: 220px; max-height: 160px; border-radius: 8px; object-fit: contain; min-width: 64px; min-height: 48px; background: #fff; }
.survey { margin: 0 12px 8px; padding: 10px 12px; border: 1px solid #e5e7eb; border-radius: 12px; background: #fff; display: flex; flex-direction: column; gap: 6px; }
.survey-title { margin: 0; font-weight: 700; }
.stars { display: flex; gap: 4px; }
.star { font-size: 24px; line-height: 1; border: 0; background: none; color: #d1d5db; cursor: pointer; padding: 0 2px; }
.star.on, .star:hover { color: #f59e0b; }
.survey-comment { font: inherit; font-size: 13px; border: 1px solid #d1d5db; border-radius: 8px; padding: 6px 8px; resize: none; }
.survey-actions { display: flex; justify-content: flex-end; gap: 8px; }
.survey-send { font: inherit; font-weight: 600; border: 0; border-radius: 8px; padding: 4px 12px; background: ${ACCENT}; color: ${DARK}; cursor: pointer; }
.survey-send:disabled { opacity: 0.5; cursor: default; }
.survey-later { font: inherit; border: 0; background: none; color: #6b7280; cursor: pointer; }
.survey-error { margin: 0; color: #b91c1c; font-size: 12px; }
.survey-thanks { margin: 0; font-weight: 600; color: #15803d; }
.download { margin-left: 8px; font: inherit; font-size: 12px; border: 1px solid currentColor; border-radius: 6px; background: transparent; color: inherit; cursor: pointer; padding: 0 6px; }
`;
