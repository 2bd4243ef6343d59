// The class view without a hub, for a lecturer trying a lab alone: a real JupyterLab with the dlab
// kernel and extension; checks run in the kernel are recorded in the home, /dlab/class/api shows
// them as the one student's row, the page in Chromium follows within seconds, the JupyterLab
// command opens it in the main area, and Submit hands a copy in with the time.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCellAt } from "../../src/cli/hub/client";
import { LAB_ARGS, screenshot } from "./extension-helpers";
import { ROOT, launchChromium, startJupyterLab, type JupyterLab } from "./jupyterlab";

interface Table {
  lab: string;
  exercises: string[];
  students: { student: string; exercises: Record<string, { ok: boolean; attempts: number }> }[];
  counts: { exercise: string; past: number; stuck: number }[];
}

describe("the class view of one student, without a hub", () => {
  let home = "";
  let lab: JupyterLab;
  let browser: Browser;
  let kernel = "";
  const run = (code: string) => runCellAt(lab.baseUrl, lab.token, kernel, code, 120_000);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "dlab-class-home-"));
    // The labs folder itself: the session names 01-perceptron.ipynb (the kernel's JPY_SESSION_NAME),
    // and nothing is saved into it.
    lab = await startJupyterLab({
      rootDir: join(ROOT, "notebooks"),
      env: { HOME: home, DLAB_RECORDS: "", DLAB_LAB: "" },
      args: LAB_ARGS,
    });
    const session = await lab.api<{ kernel: { id: string } }>("/api/sessions", {
      method: "POST",
      body: JSON.stringify({
        path: "01-perceptron.ipynb",
        type: "notebook",
        name: "01-perceptron.ipynb",
        kernel: { name: "dlab" },
      }),
    });
    kernel = session.kernel.id;
    expect((await run('import * as dl from "dlab";')).status).toBe("ok");
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (kernel) await lab?.api(`/api/kernels/${kernel}`, { method: "DELETE" }).catch(() => undefined);
    await lab?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("records each check in the student's home and shows it as their row", async () => {
    // Not yet twice (a stub, then a throw), then right: three attempts.
    expect((await run("await dl.check.softmax((() => undefined) as any);")).stdout).toMatch(/✘ softmax/);
    expect((await run('await dl.check.softmax((() => { throw new Error("x"); }) as any);')).stdout).toMatch(
      /✘/,
    );
    const right = await run(
      "await dl.check.softmax((z: number[]) => { const m = Math.max(...z); const e = z.map((v) => Math.exp(v - m)); const s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); });",
    );
    expect(right.stdout).toMatch(/✔ softmax: right/);
    const file = join(home, ".dlab", "records", "01-perceptron.jsonl");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, ".dlab", "records")).mode & 0o777).toBe(0o700);

    const t = await lab.api<Table>("/dlab/class/api?lab=01-perceptron");
    // the lab's check cells, in order (predictions and the XOR design count as exercises too)
    expect(t.exercises).toEqual([
      "activation derivatives",
      "linear network on the circle",
      "step perceptron",
      "days the keener mower mows",
      "perceptron update",
      "XOR from OR, NAND and AND",
      "softmax",
    ]);
    expect(t.students).toHaveLength(1);
    expect(t.students[0].exercises.softmax).toMatchObject({ ok: true, attempts: 3 });
    expect(t.students[0].exercises["step perceptron"]).toBeUndefined();
    expect(t.counts.find((c) => c.exercise === "softmax")).toEqual({
      exercise: "softmax",
      past: 1,
      stuck: 0,
    });
  }, 120_000);

  it("refuses a lab name that is a path", async () => {
    await expect(lab.api("/dlab/class/api?lab=..%2F..%2Fetc%2Fpasswd")).rejects.toThrow(/400/);
  });

  it("the page in JupyterLab follows a new check within 5 s", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    await page.goto(lab.labUrl());
    await page.waitForFunction(
      () => (window as any).jupyterapp?.commands?.hasCommand("dlab:class-view"),
      null,
      {
        timeout: 90_000,
      },
    );
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute("dlab:class-view", { lab: "01-perceptron" }),
    );
    const frame = await (
      await page.waitForSelector(".dlab-class-view iframe", { timeout: 30_000 })
    ).contentFrame();
    const cell = (ex: string) => `td[data-exercise="${ex}"]`;
    await frame!.waitForSelector(cell("softmax"), { timeout: 30_000 });
    expect(await frame!.textContent(cell("softmax"))).toBe("✔ (3)");
    expect(await frame!.textContent(cell("step perceptron"))).toBe("·");

    expect((await run("await dl.check.stepPerceptron((() => 7) as any);")).stdout).toMatch(
      /✘ step perceptron/,
    );
    const t0 = Date.now();
    await frame!.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === "✘ (1)",
      cell("step perceptron"),
      { timeout: 5_000 },
    );
    console.log(`class view: a check showed after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(await frame!.textContent("#summary")).toMatch(/step perceptron: 0 of 1 past; 1 stuck/);
    await screenshot(page, "class-view-single");
    await page.close();
  }, 180_000);

  it("Submit hands in a copy with the time, readable only by the student", async () => {
    const res = await lab.api<{ lab: string; time: string }>("/dlab/submit", {
      method: "POST",
      body: JSON.stringify({ path: "01-perceptron.ipynb" }),
    });
    expect(res.lab).toBe("01-perceptron");
    expect(Math.abs(Date.parse(res.time) - Date.now())).toBeLessThan(60_000);
    const folder = join(home, ".dlab", "submissions", "01-perceptron");
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(statSync(join(folder, files[0])).mode & 0o777).toBe(0o600);
    await expect(
      lab.api("/dlab/submit", { method: "POST", body: JSON.stringify({ path: "../README.md" }) }),
    ).rejects.toThrow(/400/);
    expect(existsSync(join(home, ".dlab", "submissions", "README"))).toBe(false);
  });
});
