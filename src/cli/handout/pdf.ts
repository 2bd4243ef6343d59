/**
 * Handout HTML → PDF by printing it in headless Chromium with JavaScript switched off and every
 * request refused except inline data: images, so nothing in the page can run or fetch anything.
 *
 * @example
 * import { withBrowser } from "./browser";
 * import { htmlToPdf } from "./pdf";
 * await withBrowser((b) => htmlToPdf(b, "<h1>hi</h1>", "/tmp/hi.pdf"));
 */
import type { LazyBrowser } from "./browser";

/** Print `html` to the PDF file `file` (A4; page-break rules come from the handout template). */
export async function htmlToPdf(browser: LazyBrowser, html: string, file: string): Promise<void> {
  const context = await (await browser.get()).newContext({ javaScriptEnabled: false, offline: true });
  try {
    await context.route("**/*", (route) =>
      route.request().url().startsWith("data:") ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: "load", timeout: 120_000 });
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: file, format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await context.close();
  }
}
