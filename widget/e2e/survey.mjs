// A customer in headless Chromium for the desk's end-to-end test of the
// satisfaction survey (issue 11, acceptance 3): starts a chat on the demo
// shop, writes, prints `conversation <id>`, then waits for the store to
// close the chat and gives the survey SCORE stars. Exits 0 once the widget
// thanked them.
//
//   node e2e/survey.mjs http://127.0.0.1:PORT 5

import { chromium } from "playwright-core";

const [base, score] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM_BIN || "/usr/bin/chromium";
const WAIT = 60_000;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  await page.goto(`${base}/demo/shop`, { waitUntil: "load" });
  await page.getByTestId("widget-launcher").click();
  await page.getByTestId("widget-name").fill("Sally Survey");
  await page.getByTestId("widget-start").click();
  const input = page.getByTestId("widget-input");
  await input.fill("Can I ride the D11 in the rain?");
  await input.press("Enter");
  await page.locator('[data-testid="widget-message"][data-author="customer"]:not([data-state="sending"])').first().waitFor();
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.endsWith(":token")) return localStorage.getItem(key);
    }
    return null;
  });
  const session = await (await fetch(`${base}/api/v1/widget/session`, { headers: { Authorization: `Bearer ${token}` } })).json();
  console.log(`conversation ${session.conversation_id}`);
  await page.getByTestId("widget-survey").waitFor({ state: "visible" });
  await page.getByTestId("widget-star").nth(Number(score) - 1).click();
  await page.getByTestId("widget-survey-send").click();
  await page.getByTestId("widget-survey-thanks").waitFor({ state: "visible" });
  console.log("rated");
} finally {
  await browser.close();
}
