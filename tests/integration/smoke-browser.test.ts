// Browser smoke test: the project's JupyterLab on 127.0.0.1, a notebook with the dlab kernel
// opened in headless Chromium, a cell run with Shift+Enter, its output seen on the page.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, startJupyterLab, type JupyterLab } from "./jupyterlab";

const CELL = 'const greeting: string = "hello from dlab";\nconsole.log(greeting.toUpperCase());\n6 * 7';

describe("browser smoke: a dlab notebook in JupyterLab", () => {
  let lab: JupyterLab | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    lab = await startJupyterLab({ args: ["--LabApp.expose_app_in_browser=True"] });
    const nb = {
      cells: [{ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: CELL }],
      metadata: { kernelspec: { name: "dlab", display_name: "TypeScript (dlab)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(join(lab.rootDir, "smoke.ipynb"), JSON.stringify(nb));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it("runs a TypeScript cell and shows its stdout and its value", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(lab!.labUrl("smoke.ipynb"));
    // Wait for the dlab kernel to be up (JupyterLab's own session state).
    await page.waitForFunction(
      () =>
        (window as any).jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel?.status === "idle",
      null,
      { timeout: 120_000 },
    );
    const kernelName = await page.evaluate(
      () => (window as any).jupyterapp.shell.currentWidget.sessionContext.session.kernel.name,
    );
    expect(kernelName).toBe("dlab");
    await page.locator(".jp-Cell .cm-content").first().click();
    await page.keyboard.press("Shift+Enter");
    const output = page.locator(".jp-Cell .jp-OutputArea-output");
    await expect
      .poll(async () => (await output.allInnerTexts()).join("\n"), { timeout: 60_000 })
      .toContain("HELLO FROM DLAB");
    await expect
      .poll(async () => (await output.allInnerTexts()).join("\n"), { timeout: 30_000 })
      .toContain("42");
    // The prompt shows the execution count the kernel sent.
    await expect
      .poll(async () => page.locator(".jp-Cell .jp-InputPrompt").first().innerText(), { timeout: 30_000 })
      .toContain("[1]");
    await page.close();
  }, 240_000);
});
