/**
 * Handout HTML → PDF by printing it in headless Chromium with JavaScript switched off and every
 * request refused except inline data: images, so nothing in the page can run or fetch anything.
 * One such browser context serves every PDF of a run (a context costs Chromium ~0.3 CPU-s; grading
 * prints one feedback PDF per student), each PDF printed from a page of its own.
 *
 * @example
 * import { withBrowser } from "./browser";
 * import { htmlToPdf } from "./pdf";
 * await withBrowser((b) => htmlToPdf(b, "<h1>hi</h1>", "/tmp/hi.pdf"));
 */
import type { BrowserContext } from "playwright-core";
import type { LazyBrowser } from "./browser";

/** The locked-down context of each browser, made on its first PDF (closed with the browser). */
const contexts = new WeakMap<LazyBrowser, Promise<BrowserContext>>();

async function lockedContext(browser: LazyBrowser): Promise<BrowserContext> {
  const context = await (await browser.get()).newContext({ javaScriptEnabled: false, offline: true });
  await context.route("**/*", (route) =>
    route.request().url().startsWith("data:") ? route.continue() : route.abort(),
  );
  return context;
}

/** Print `html` to the PDF file `file` (A4; page-break rules come from the handout template). */
export async function htmlToPdf(browser: LazyBrowser, html: string, file: string): Promise<void> {
  let context = contexts.get(browser);
  if (!context) {
    context = lockedContext(browser);
    context.catch(() => contexts.delete(browser)); // a failed start is tried again by the next PDF
    contexts.set(browser, context);
  }
  const page = await (await context).newPage();
  try {
    await page.setContent(html, { waitUntil: "load", timeout: 120_000 });
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: file, format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await page.close();
  }
}
