// The installed extension, as `npm install` leaves it in .venv: JupyterLab lists the prebuilt
// labextension and the server extension as enabled and OK, and plotly.js sits in its own chunk
// that loads only when a figure is drawn (the extension's own code stays small).
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..", "..");
const BIN = join(ROOT, ".venv", "bin");
const INSTALLED = join(ROOT, ".venv", "share", "jupyter", "labextensions", "dlab-extension");
// eslint-disable-next-line no-control-regex -- colour codes in the listing
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
/** stdout and stderr together: `jupyter labextension list` writes its listing to stderr. */
const run = (cmd: string, args: string[]) => {
  const res = spawnSync(cmd, args, { encoding: "utf8" });
  return plain(`${res.stdout ?? ""}${res.stderr ?? ""}`);
};

describe("the installed dlab extension", () => {
  it("is listed by JupyterLab as enabled and OK", { timeout: 60_000 }, () => {
    const labext = run(join(BIN, "jupyter"), ["labextension", "list"]);
    expect(labext).toMatch(/dlab-extension v0\.1\.0 enabled\s+OK \(python, dlab_extension\)/);
    expect(labext).not.toMatch(/incompatible|outdated/);
    const server = run(join(BIN, "jupyter"), ["server", "extension", "list"]);
    expect(server).toMatch(/dlab_extension enabled/);
    expect(server).toMatch(/dlab_extension 0\.1\.0 OK/);
  });

  it("keeps plotly.js in a separate, lazily loaded chunk", () => {
    const pkg = JSON.parse(readFileSync(join(INSTALLED, "package.json"), "utf8"));
    const files = readdirSync(join(INSTALLED, "static")).filter((f) => f.endsWith(".js"));
    const text = (f: string) => readFileSync(join(INSTALLED, "static", f), "utf8");
    const size = (f: string) => statSync(join(INSTALLED, "static", f)).size;
    const own = files.filter((f) => text(f).includes("dlab-extension:figures"));
    const plotly = files.filter((f) => text(f).includes("Plotly") && size(f) > 3_000_000);
    expect(own).toHaveLength(1);
    expect(plotly).toHaveLength(1);
    expect(own[0]).not.toBe(plotly[0]);
    expect(size(own[0])).toBeLessThan(100_000);
    expect(size(pkg.jupyterlab._build.load.replace("static/", ""))).toBeLessThan(100_000);
    expect(pkg.jupyterlab._build.load.startsWith("static/remoteEntry.")).toBe(true);
  });
});
