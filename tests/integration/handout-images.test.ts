// `dlab images` end to end with the real tools: a notebook written by Jupyter's own nbformat gets a
// PNG for each figure from the real CLI (extension figure builder + plotly.js in system Chromium),
// stays Jupyter's text otherwise, a second run is a no-op, and nbconvert HTML then shows every figure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const FIG = "application/vnd.dlab.figure.v1+json";
const STORED_PNG = fs
  .readFileSync(path.join(ROOT, "tests", "fixtures", "handout", "stored.png"))
  .toString("base64");

// The fixture, written by nbformat (so: sorted keys, indent 1, floats like 1.0 and 1e-05 as Python writes them).
const MAKE = `
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell, new_output
fig = "${FIG}"
history = {"kind": "history", "title": "loss", "series": [{"name": "train", "metric": "loss", "split": "train",
           "x": [1, 2, 3, 4], "y": [1.0, 0.5, 0.25, 1e-05]}]}
scatter = '{"kind":"scatter","title":"σ points","series":[{"name":"a","x":[0,1,2],"y":[2.0,0.5,1.5]}]}'
nb = new_notebook(metadata={"kernelspec": {"name": "dlab", "display_name": "TypeScript (dlab)", "language": "typescript"}})
nb.cells = [
  new_markdown_cell("# Figures"),
  new_code_cell("dl.plot.history(h)", execution_count=1, outputs=[
    new_output("stream", name="stdout", text="training…\\n"),
    new_output("display_data", data={fig: history, "text/plain": "history: loss"})]),
  new_code_cell("dl.plot.scatter(s)", execution_count=2, metadata={"tags": ["keep"]}, outputs=[
    new_output("display_data", data={fig: scatter, "text/plain": "scatter"})]),
  new_code_cell("stored()", execution_count=3, outputs=[
    new_output("display_data", data={fig: history, "image/png": sys.argv[3], "text/plain": "stored"})]),
  new_code_cell("html()", execution_count=4, outputs=[
    new_output("display_data", data={"text/html": "<b>no figure</b>", "text/plain": "html"})]),
]
if sys.argv[2] == "broken":
  nb.cells.append(new_code_cell("bad()", execution_count=5, outputs=[
    new_output("display_data", data={fig: {"kind": "no-such-kind"}, "text/plain": "bad"})]))
nbformat.write(nb, sys.argv[1])
`;

let tmp = "";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, "node_modules", ".bin", "dlab"), "images", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
const make = (name: string, variant = "good") => {
  const file = path.join(tmp, name);
  execFileSync(PYTHON, ["-c", MAKE, file, variant, STORED_PNG]);
  return file;
};
type Out = { data?: Record<string, unknown> };
const outputsOf = (text: string) =>
  (JSON.parse(text) as { cells: Array<{ outputs?: Out[] }> }).cells.flatMap((c) => c.outputs ?? []);
const imgCount = (html: string) => html.match(/<img [^>]*src="data:image\/png;base64,/g)?.length ?? 0;
const toHtml = (file: string) =>
  execFileSync(
    path.join(ROOT, ".venv", "bin", "jupyter"),
    ["nbconvert", "--to", "html", "--stdout", "--log-level", "ERROR", file],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-images-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("dlab images", () => {
  let file = "";
  let before = "";
  let after = "";
  beforeAll(() => {
    file = make("figs.ipynb");
    before = fs.readFileSync(file, "utf8");
    const run = cli(file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(file);
    after = fs.readFileSync(file, "utf8");
  }, 180_000);

  it("gives every figure without one a 700×420 PNG, and keeps a stored PNG as it was", () => {
    const outs = outputsOf(after).filter((o) => o.data?.[FIG] !== undefined);
    expect(outs).toHaveLength(3);
    for (const o of outs.slice(0, 2)) {
      const png = Buffer.from(String(o.data!["image/png"]), "base64");
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([700, 420]);
      // a drawn figure, not a blank: plotly's axes, lines and text use many colours
      expect(png.length).toBeGreaterThan(3000);
    }
    expect(outs[2].data!["image/png"]).toBe(STORED_PNG);
  });

  it("changes nothing else: the text is Jupyter's, line for line, but for the added PNG lines", () => {
    const added = after.split("\n").filter((l) => !before.split("\n").includes(l));
    expect(added).toHaveLength(2);
    for (const l of added) expect(l).toMatch(/^ {6}"image\/png": "[A-Za-z0-9+/=]+",$/);
    expect(
      after
        .split("\n")
        .filter((l) => !added.includes(l))
        .join("\n"),
    ).toBe(before);
    // nbformat reads, validates and writes it back to the same bytes
    const rewritten = execFileSync(
      PYTHON,
      [
        "-c",
        "import sys, nbformat; nb = nbformat.read(sys.argv[1], 4); nbformat.validate(nb); sys.stdout.write(nbformat.writes(nb) + '\\n')",
        file,
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    expect(rewritten).toBe(after);
  });

  it("a second run is a no-op that leaves the file alone", () => {
    const mtime = fs.statSync(file).mtimeMs;
    const run = cli(file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("every figure already has an image");
    expect(fs.readFileSync(file, "utf8")).toBe(after);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it("nbconvert HTML shows an <img> for each figure (before: only the stored one)", () => {
    expect(imgCount(toHtml(file))).toBe(3);
    const original = path.join(tmp, "original.ipynb");
    fs.writeFileSync(original, before);
    expect(imgCount(toHtml(original))).toBe(1);
  }, 120_000);
});

describe("dlab images on bad input", () => {
  it("names the cell of a figure it cannot draw and leaves that notebook untouched", () => {
    const file = make("broken.ipynb", "broken");
    const before = fs.readFileSync(file, "utf8");
    const run = cli(file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/broken\.ipynb: the figure in cell 6 cannot be drawn: .*kind/);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp"))).toEqual([]);
  }, 120_000);

  it("is a usage error (exit 2) without a notebook, with a non-notebook, or with an unknown option", () => {
    expect(cli().stderr).toMatch(
      /dlab images: notebook: expected \.ipynb files \(or folders of them\), got none/,
    );
    expect(cli().status).toBe(2);
    const txt = path.join(tmp, "a.txt");
    fs.writeFileSync(txt, "{}");
    expect(cli(txt).stderr).toMatch(/notebook: expected a \.ipynb file, got ".*a\.txt"/);
    expect(cli("--width", "3").status).toBe(2);
    expect(cli("--help").stdout).toMatch(/^usage: dlab images/);
  });
});
