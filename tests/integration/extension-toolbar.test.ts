// The lab toolbar in a real JupyterLab and Chromium, over a throw-away git checkout with a lab
// committed under notebooks/: solutions hide and show, "Reset lab" restores the committed file
// after a confirmation, the handout export runs the real `dlab handout`, and notebooks that are
// not labs get no dlab buttons.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, startJupyterLab, type JupyterLab } from "./jupyterlab";
import { LAB_ARGS, codeCell, guardedPage, notebook, openNotebook, screenshot } from "./extension-helpers";

const LAB = notebook([
  { cell_type: "markdown", metadata: {}, source: "# Lab 1\nImplement the update rule." },
  codeCell("x = 1  # exercise stub"),
  codeCell("x = 41 + 1  # the solution", [], ["solution"]),
  codeCell("print(x)"),
]);

describe("the dlab lab toolbar", () => {
  let repo: string;
  let lab: JupyterLab;
  let browser: Browser;
  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), "dlab-toolbar-"));
    mkdirSync(join(repo, "notebooks"));
    writeFileSync(join(repo, "notebooks", "01-lab.ipynb"), JSON.stringify(LAB, null, 1) + "\n");
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=dlab test", "-c", "user.email=test@example.invalid", ...args], {
        cwd: repo,
      });
    git("init", "-q");
    git("add", "notebooks");
    git("commit", "-qm", "shipped lab");
    writeFileSync(join(repo, "scratch.ipynb"), JSON.stringify(notebook([codeCell("1 + 1")])));
    lab = await startJupyterLab({ rootDir: repo, args: LAB_ARGS });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it("hides and shows solution cells, and resets the lab after asking", { timeout: 120_000 }, async () => {
    const shipped = readFileSync(join(repo, "notebooks", "01-lab.ipynb"), "utf8");
    const edited = notebook([codeCell("my own work")]);
    writeFileSync(join(repo, "notebooks", "01-lab.ipynb"), JSON.stringify(edited));
    const { page, pwned } = await guardedPage(browser);
    await openNotebook(page, lab.labUrl("notebooks/01-lab.ipynb"));
    await page.locator(".dlab-toolbar-reset").waitFor({ timeout: 30_000 });
    expect(await page.locator(".dlab-toolbar-handout").count()).toBe(1);

    // Reset: cancel first (nothing changes), then confirm.
    await page.locator(".dlab-toolbar-reset").click();
    await page.locator(".jp-Dialog").getByRole("button", { name: "Cancel" }).click();
    expect(JSON.parse(readFileSync(join(repo, "notebooks", "01-lab.ipynb"), "utf8"))).toEqual(edited);
    await page.locator(".dlab-toolbar-reset").click();
    await screenshot(page, "extension-toolbar-reset-dialog");
    await page.locator(".jp-Dialog").getByRole("button", { name: "Reset" }).click();
    await page.waitForFunction(
      () => (window as any).jupyterapp.shell.currentWidget.content.widgets.length === 4,
      null,
      {
        timeout: 20_000,
      },
    );
    expect(readFileSync(join(repo, "notebooks", "01-lab.ipynb"), "utf8")).toBe(shipped);

    // Solutions: the tagged cell disappears and comes back; the others stay.
    const visible = () =>
      page.evaluate(() =>
        (window as any).jupyterapp.shell.currentWidget.content.widgets.map((c: any) => !c.isHidden),
      );
    expect(await visible()).toEqual([true, true, true, true]);
    await page.locator(".dlab-toolbar-solutions").click();
    expect(await visible()).toEqual([true, true, false, true]);
    await expect
      .poll(() => page.locator(".dlab-toolbar-solutions").textContent())
      .toContain("Show solutions");
    await screenshot(page, "extension-toolbar-solutions-hidden");
    await page.locator(".dlab-toolbar-solutions").click();
    expect(await visible()).toEqual([true, true, true, true]);
    expect(await pwned()).toBe(0);
    await page.close();
  });

  it("gives notebooks that are not labs no dlab buttons", { timeout: 60_000 }, async () => {
    const { page } = await guardedPage(browser);
    await openNotebook(page, lab.labUrl("scratch.ipynb"));
    await page.waitForTimeout(1500);
    // Only this notebook's toolbar: the lab opened before may be restored in another tab.
    const buttons = await page.evaluate(
      () =>
        (window as any).jupyterapp.shell.currentWidget.toolbar.node.querySelectorAll(
          ".dlab-toolbar-solutions, .dlab-toolbar-reset, .dlab-toolbar-handout",
        ).length,
    );
    expect(await page.evaluate(() => (window as any).jupyterapp.shell.currentWidget.context.path)).toBe(
      "scratch.ipynb",
    );
    expect(buttons).toBe(0);
    await page.close();
  });

  it("refuses paths outside the server root and files that are not labs", async () => {
    await expect(
      lab.api("/dlab/reset", { method: "POST", body: JSON.stringify({ path: "../../etc/passwd.ipynb" }) }),
    ).rejects.toThrow(/→ 40[04]/);
    await expect(
      lab.api("/dlab/reset", { method: "POST", body: JSON.stringify({ path: "scratch.ipynb" }) }),
    ).rejects.toThrow(/→ 409/);
    const res = await fetch(`${lab.baseUrl}/dlab/lab?path=notebooks/01-lab.ipynb`);
    expect(res.status).toBe(403);
  });

  it("exports an instructor handout through the server extension", { timeout: 300_000 }, async () => {
    const res = await lab.api<{ files: string[] }>("/dlab/handout", {
      method: "POST",
      body: JSON.stringify({ path: "notebooks/01-lab.ipynb", version: "instructor" }),
    });
    expect(res.files).toEqual([
      "notebooks/handouts/01-lab-instructor.html",
      "notebooks/handouts/01-lab-instructor.pdf",
    ]);
    for (const f of res.files) expect(existsSync(join(repo, f))).toBe(true);
    expect(readFileSync(join(repo, res.files[0]), "utf8")).toContain("the solution");
  });
});
