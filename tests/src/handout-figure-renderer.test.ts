// The `dlab` command's one dependency on extension/ source: the figure builder that the handout
// and image export bundle by path at run time. If it moves or renames its export, this fails here,
// not in a lecturer's `dlab handout`.
import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { build } from "esbuild";
import { EXTENSION_FIGURE_ENTRY, FIGURE_BUILDER, figureBundle } from "../../src/cli/handout/figure-renderer";
import { repoRoot } from "../../src/cli/handout/tools";

type Builder = (payload: unknown) => { data: Array<{ type?: string; x?: number[] }> };

describe("the extension figure builder bundled by the handout exporter", () => {
  const entry = path.join(repoRoot(), EXTENSION_FIGURE_ENTRY);

  it(`${EXTENSION_FIGURE_ENTRY} is a file of this checkout`, () => {
    expect(fs.statSync(entry).isFile()).toBe(true);
  });

  it(`bundles with esbuild and exports ${FIGURE_BUILDER}, payload → plotly spec`, async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "cjs",
      platform: "browser",
      logLevel: "silent",
    });
    const mod = { exports: {} as Record<string, unknown> };
    vm.runInNewContext(result.outputFiles[0].text, { module: mod, exports: mod.exports });
    expect(typeof mod.exports[FIGURE_BUILDER]).toBe("function");
    const spec = (mod.exports[FIGURE_BUILDER] as Builder)({
      kind: "scatter",
      title: "two points",
      series: [{ name: "a", x: [0, 1], y: [1, 0] }],
    });
    expect(spec.data).toHaveLength(1);
    expect(spec.data[0].x).toEqual([0, 1]);
  });

  it("bundles into the page script together with plotly.js", async () => {
    const script = await figureBundle();
    expect(script).toContain("dlabRenderFigure");
    expect(script.length).toBeGreaterThan(1_000_000); // plotly.js-dist-min is inside
  });
});
