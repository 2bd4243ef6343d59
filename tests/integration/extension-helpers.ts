// Shared by the extension's browser tests: notebooks to serve, a page with a script-execution
// counter, and small waits on JupyterLab's own app object (exposed with expose_app_in_browser).
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ARTIFACTS, launchChromium, startJupyterLab, type JupyterLab } from "./jupyterlab";

/** The dlab figure MIME type (as in src/payload.ts). */
export const MIME = "application/vnd.dlab.figure.v1+json";

/** Command-line flags the browser tests give JupyterLab. */
export const LAB_ARGS = ["--LabApp.expose_app_in_browser=True"];

/**
 * For a describe block: a JupyterLab (with {@link LAB_ARGS}) and a Chromium started before its
 * tests and stopped after them. Read `lab` and `browser` inside the tests.
 */
export function useLabAndBrowser(): { lab: JupyterLab; browser: Browser } {
  const env = {} as { lab: JupyterLab; browser: Browser };
  beforeAll(async () => {
    env.lab = await startJupyterLab({ args: LAB_ARGS });
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.lab?.stop();
  });
  return env;
}

/** A notebook document with the given cells, for kernel `kernel`. */
export function notebook(cells: Array<Record<string, unknown>>, kernel = "python3"): Record<string, unknown> {
  const spec =
    kernel === "python3"
      ? { name: "python3", display_name: "Python 3", language: "python" }
      : { name: kernel, display_name: "TypeScript (dlab)", language: "typescript" };
  return { cells, metadata: { kernelspec: spec }, nbformat: 4, nbformat_minor: 5 };
}

/** A code cell with source and outputs. */
export function codeCell(
  source: string,
  outputs: unknown[] = [],
  tags: string[] = [],
): Record<string, unknown> {
  return { cell_type: "code", execution_count: null, metadata: { tags }, outputs, source };
}

/**
 * A page whose `window.__pwned` counts every call of `window.__pwn()` (what hostile payloads try
 * to call), every dialog (alert/confirm/prompt), and every `javascript:` navigation attempt.
 */
export async function guardedPage(browser: Browser): Promise<{ page: Page; pwned: () => Promise<number> }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.addInitScript(() => {
    (window as any).__pwned = 0;
    (window as any).__pwn = () => ((window as any).__pwned += 1);
  });
  const pwned = async () => dialogs + (await page.evaluate(() => (window as any).__pwned as number));
  return { page, pwned };
}

/** Opens a notebook (alone: tabs of earlier tests are not restored) and waits until its kernel is ready. */
export async function openNotebook(page: Page, url: string): Promise<void> {
  await page.goto(`${url}${url.includes("?") ? "&" : "?"}reset`);
  await page.waitForFunction(
    () => (window as any).jupyterapp?.shell?.currentWidget?.content?.widgets?.length > 0,
    null,
    {
      timeout: 90_000,
    },
  );
  await page.waitForFunction(
    () => (window as any).jupyterapp.shell.currentWidget.sessionContext?.session?.kernel?.status === "idle",
    null,
    { timeout: 90_000 },
  );
}

/** Runs a JupyterLab command (e.g. "notebook:run-all-cells", "docmanager:save"). */
export function command(page: Page, id: string, args: Record<string, unknown> = {}): Promise<unknown> {
  return page.evaluate(([i, a]) => (window as any).jupyterapp.commands.execute(i, a), [id, args] as const);
}

/** Saves a screenshot into test-artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}/${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}
