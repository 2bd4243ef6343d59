// The training history in JupyterLab with the dlab kernel: a cell trained twice shows both runs
// (the earlier one as a ghost), the controls switch the loss axis to log, smooth the batch trace
// and hide the earlier run, and the figure downloads as CSV (rows checked against the payload),
// PNG and SVG. Other outputs of the cell stay as they were. Screenshots go to test-artifacts/.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ROOT } from "./jupyterlab";
import {
  codeCell,
  command,
  notebook,
  openNotebook,
  screenshot,
  useLabAndBrowser,
  MIME,
} from "./extension-helpers";

// the first run's rate is too high for this data, the second learns: "this rate vs that one"
const SOURCE = `import * as dl from "dlab";
const g = globalThis as any;
g.runs = (g.runs ?? 0) + 1;
console.log("before training, run " + g.runs);
const model = dl.mlp({ inputs: 2, layers: [{ units: 8, activation: "tanh" }, { units: 1, activation: "sigmoid" }], optimizer: "sgd", lr: g.runs === 1 ? 0.02 : 0.5, seed: 0 });
const h = await dl.train(model, dl.data.moons({ n: 400, noise: 0.2, seed: 0 }), { epochs: 12, batchSize: 16, validationSplit: 0.25, earlyStopping: { patience: 3 } });
console.log("after training, run " + g.runs);
`;

/** The first cell's outputs as JupyterLab's model holds them. */
function outputs(page: Page): Promise<Array<{ type: string; text?: string; data?: Record<string, any> }>> {
  return page.evaluate(() => {
    const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[0];
    return cell.model.outputs.toJSON().map((o: any) => ({
      type: o.output_type,
      text: Array.isArray(o.text) ? o.text.join("") : o.text,
      data: o.data,
    }));
  });
}

/** Runs the cell and waits until its figure is final and its image stored. */
async function runCell(page: Page, run: number): Promise<void> {
  await command(page, "notebook:run-all-cells");
  await page.waitForFunction(
    (n) => {
      const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[0];
      const outs = cell.model.outputs.toJSON();
      const text = outs.map((o: any) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? ""))).join("");
      return text.includes(`after training, run ${n}`) && outs.some((o: any) => o.data?.["image/png"]);
    },
    run,
    { timeout: 120_000 },
  );
}

/** The drawn traces of the figure (plotly keeps them on its div). */
function traces(page: Page): Promise<Array<{ name: string; visible: unknown; legendgroup: string }>> {
  return page.evaluate(() =>
    (document.querySelector(".dlab-figure-plot") as any).data.map((t: any) => ({
      name: t.name,
      visible: t.visible,
      legendgroup: t.legendgroup,
    })),
  );
}

/** Click a control and read back what the browser saved. */
async function download(page: Page, format: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`.dlab-figure-download-${format}`),
  ]);
  return readFileSync((await file.path())!);
}

describe("the training history in JupyterLab", () => {
  const env = useLabAndBrowser();

  it(
    "trains twice in one cell and shows both runs; log, smoothing, earlier runs, CSV/PNG/SVG",
    { timeout: 420_000 },
    async () => {
      mkdirSync(join(env.lab.rootDir, "node_modules"), { recursive: true });
      symlinkSync(join(ROOT, "src"), join(env.lab.rootDir, "node_modules", "dlab"));
      writeFileSync(
        join(env.lab.rootDir, "history.ipynb"),
        JSON.stringify(notebook([codeCell(SOURCE)], "dlab")),
      );
      // about 700 px of output width: the size the markers must stay readable at
      const page = await env.browser.newPage({
        viewport: { width: 900, height: 900 },
        acceptDownloads: true,
      });
      await openNotebook(page, env.lab.labUrl("history.ipynb"));
      await command(page, "application:toggle-left-area");
      await runCell(page, 1);
      let drawn = await traces(page);
      expect(drawn.some((t) => t.legendgroup?.startsWith("run:"))).toBe(false);
      await screenshot(page, "extension-history-run-1");

      // the second run: no flicker (the plot element stays, is never hidden, and redraws in place)
      await page.evaluate(() => {
        const w = window as any;
        w.__hidden = 0;
        const watch = () => {
          const plot = document.querySelector(".dlab-figure-plot") as HTMLElement | null;
          if (plot && plot.hidden && plot.closest(".jp-OutputArea")) w.__hidden++;
        };
        w.__timer = setInterval(watch, 20);
      });
      await runCell(page, 2);
      expect(await page.evaluate(() => (window as any).__hidden)).toBe(0);
      const outs = await outputs(page);
      // one figure, and the cell's own prints before and after it, untouched
      expect(outs.filter((o) => o.type === "display_data")).toHaveLength(1);
      const text = outs.map((o) => o.text ?? "").join("");
      expect(text).toContain("before training, run 2");
      expect(text).toContain("after training, run 2");
      const payload = outs.find((o) => o.type === "display_data")!.data![MIME];
      expect(payload.ghosts).toEqual(["run 1 · sgd lr 0.02"]);
      drawn = await traces(page);
      const runs = new Set(drawn.map((t) => t.legendgroup).filter((g) => g?.startsWith("run:")));
      expect([...runs]).toEqual(["run:run 1 · sgd lr 0.02"]);
      expect(await page.textContent(".dlab-figure-ghosts")).toContain("earlier run (1)");
      await screenshot(page, "extension-history-two-runs");

      // log scale on the loss axis only
      await page.click(".dlab-figure-log input");
      await page.waitForFunction(
        () => (document.querySelector(".dlab-figure-plot") as any).layout.yaxis.type === "log",
      );
      expect(
        await page.evaluate(() => (document.querySelector(".dlab-figure-plot") as any).layout.yaxis2.type),
      ).not.toBe("log");
      // every tick of the log axis says its value (0.5, not plotly's bare digit "5" between decades)
      const ticks = await page.$$eval(".dlab-figure-plot .yaxislayer-above .ytick text", (els) =>
        els.map((e) => e.textContent ?? ""),
      );
      expect(ticks.length).toBeGreaterThan(1);
      for (const t of ticks) expect(Number(t), `tick "${t}"`).toBeLessThan(2);
      await screenshot(page, "extension-history-log");

      // smoothing: a smoothed line over the raw batch trace, which stays
      await page.evaluate(() => {
        const s = document.querySelector(".dlab-figure-smoothing input") as HTMLInputElement;
        s.value = "0.8";
        s.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await page.waitForFunction(() =>
        (document.querySelector(".dlab-figure-plot") as any).data.some((t: any) =>
          /smoothed 0\.8/.test(t.name),
        ),
      );
      drawn = await traces(page);
      expect(drawn.map((t) => t.name)).toContain("loss (batch)");
      expect(await page.textContent(".dlab-figure-smoothing-value")).toBe("0.80");
      await screenshot(page, "extension-history-smoothed");

      // the earlier run hidden and shown again
      await page.click(".dlab-figure-ghosts input");
      await page.waitForFunction(() =>
        (document.querySelector(".dlab-figure-plot") as any).data
          .filter((t: any) => String(t.legendgroup).startsWith("run:"))
          .every((t: any) => t.visible === false),
      );
      await screenshot(page, "extension-history-ghosts-hidden");
      await page.click(".dlab-figure-ghosts input");

      // the data as CSV: one row per point of every series, earlier run marked
      const csv = (await download(page, "csv")).toString("utf8").trimEnd().split("\r\n");
      expect(csv[0]).toBe("run,metric,split,step,x,y");
      const points = payload.series.reduce((n: number, s: { x: number[] }) => n + s.x.length, 0);
      expect(csv).toHaveLength(1 + points);
      expect(
        csv.filter((r) => r.startsWith("run 1 · sgd lr 0.02 (earlier),loss,validation,epoch,")),
      ).toHaveLength(
        payload.series.find(
          (s: any) => s.run === "run 1 · sgd lr 0.02" && s.split === "validation" && s.metric === "loss",
        ).x.length,
      );
      const val = payload.series.find(
        (s: any) => s.run === "run 2 · sgd lr 0.5" && s.split === "validation" && s.metric === "loss",
      );
      expect(csv).toContain(`run 2 · sgd lr 0.5,loss,validation,epoch,1,${val.y[0]}`);
      // the picture as PNG and SVG
      expect((await download(page, "png")).subarray(0, 4).toString("hex")).toBe("89504e47");
      expect((await download(page, "svg")).toString("utf8")).toMatch(/^<svg[\s\S]*<\/svg>$/);

      // the figure alone, at the size the stored image has
      const fig = await page.$(".dlab-figure");
      await fig!.screenshot({ path: join(ROOT, "test-artifacts", "extension-history-figure.png") });
      await page.close();
    },
  );
});
