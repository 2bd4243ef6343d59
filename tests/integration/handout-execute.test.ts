// Exporting never runs a notebook's code unless asked: a notebook saved without outputs, whose cell
// would leave a marker file next to it, is exported as it is by `dlab handout` (kernelspec python3
// or dlab) and by the toolbar's server handler; `--execute` runs it in the dlab kernel (or the one
// named with --kernel) with a per-cell time limit. The handler is authorized on the "dlab" resource
// and answers the files it wrote, whatever the notebook's name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NO_OUTPUTS_NOTE } from "../../src/cli/handout/export";
import { startJupyterLab, type JupyterLab } from "./jupyterlab";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");
const MARKER = "EXECUTED-MARKER";
const KERNELS = ["python", "dlab"] as const;
let tmp: string;

/** The real `dlab` bin, run asynchronously so the worker stays responsive during an export. */
function dlab(args: string[], cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve, reject) => {
      const start = Date.now();
      const child = spawn("node", [path.join(ROOT, "src", "bin", "dlab.js"), ...args], { cwd });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr, ms: Date.now() - start }));
    },
  );
}

/** A fresh folder holding copies of the named fixtures (a marker can only appear there). */
function folderWith(name: string, fixtures: string[]): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  for (const f of fixtures) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  return dir;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-execute-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("dlab handout and notebooks saved without outputs", () => {
  it("exports them as they are, says so and how to include outputs, and runs nothing", async () => {
    const dir = folderWith("plain", ["writes-marker-python.ipynb", "writes-marker-dlab.ipynb"]);
    const files = KERNELS.map((k) => `writes-marker-${k}.ipynb`);
    const res = await dlab(["handout", ...files, "--to", "html", "--out", "out"], dir);
    expect(res.status, res.stderr).toBe(0);
    expect(
      res.stdout
        .trim()
        .split("\n")
        .map((f) => path.basename(f)),
    ).toEqual(KERNELS.map((k) => `writes-marker-${k}-student.html`));
    for (const f of files) expect(res.stderr).toContain(`dlab handout: ${f}: ${NO_OUTPUTS_NOTE}`);
    expect(NO_OUTPUTS_NOTE).toMatch(/outputs are empty.*--execute/);
    expect(fs.existsSync(path.join(dir, MARKER))).toBe(false);
    // the code is shown, without outputs
    for (const k of KERNELS)
      expect(fs.readFileSync(path.join(dir, "out", `writes-marker-${k}-student.html`), "utf8")).toContain(
        "MARKERCELL",
      );
  }, 120_000);

  it("--execute runs a notebook in the dlab kernel: the marker appears (the cell does write it)", async () => {
    const dir = folderWith("exec-dlab", ["writes-marker-dlab.ipynb"]);
    const res = await dlab(["handout", "writes-marker-dlab.ipynb", "--execute", "--to", "html"], dir);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toContain("executing it first in the dlab kernel");
    expect(fs.readFileSync(path.join(dir, MARKER), "utf8")).toBe("ran");
  }, 120_000);

  it("--execute uses the dlab kernel even when the notebook names python3; --kernel python3 runs it", async () => {
    const dir = folderWith("exec-python", ["writes-marker-python.ipynb"]);
    const inDlab = await dlab(["handout", "writes-marker-python.ipynb", "--execute", "--to", "html"], dir);
    expect(inDlab.status).toBe(1);
    expect(inDlab.stderr).toMatch(
      /cell 2 of 2 \("open\("EXECUTED-MARKER".*failed while executing with kernel "dlab"/,
    );
    expect(fs.existsSync(path.join(dir, MARKER))).toBe(false);
    const inPython = await dlab(
      ["handout", "writes-marker-python.ipynb", "--execute", "--kernel", "python3", "--to", "html"],
      dir,
    );
    expect(inPython.status, inPython.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, MARKER), "utf8")).toBe("ran");
  }, 180_000);

  it("--cell-timeout stops a cell that runs too long and names it", async () => {
    const dir = folderWith("timeout", ["sleeps-python.ipynb"]);
    const args = [
      "handout",
      "sleeps-python.ipynb",
      "--execute",
      "--kernel",
      "python3",
      "--cell-timeout",
      "3",
    ];
    const res = await dlab([...args, "--to", "html"], dir);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/cell 1 of 1 \("import time"\) failed.*\n.*timed out/);
    expect(res.ms).toBeLessThan(45_000); // the cell alone would sleep 60 s
    expect(fs.readdirSync(dir)).toEqual(["sleeps-python.ipynb"]); // no handout
  }, 90_000);

  it("--kernel and --cell-timeout without --execute are usage mistakes naming the option", async () => {
    const res = await dlab(["handout", path.join(FIXTURES, "lab.ipynb"), "--kernel", "python3"], tmp);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(
      "dlab handout: --kernel: expected to come with --execute, got no --execute. A notebook is only run when asked: add --execute",
    );
  });
});

describe("the toolbar's export handler", () => {
  let lab: JupyterLab;
  let root: string;
  beforeAll(async () => {
    root = folderWith("server", ["writes-marker-python.ipynb", "writes-marker-dlab.ipynb"]);
    fs.copyFileSync(path.join(FIXTURES, "lab.ipynb"), path.join(root, "my lab.ipynb"));
    lab = await startJupyterLab({ rootDir: root });
  });
  afterAll(async () => {
    await lab?.stop();
  });
  const post = <T>(body: unknown) =>
    lab.api<T>("/dlab/handout", { method: "POST", body: JSON.stringify(body) });

  it("never runs a notebook, whatever kernel it names, and says its outputs are empty", async () => {
    for (const k of KERNELS) {
      const res = await post<{ files: string[]; log: string }>({ path: `writes-marker-${k}.ipynb` });
      expect(res.files).toEqual([
        `handouts/writes-marker-${k}-student.html`,
        `handouts/writes-marker-${k}-student.pdf`,
      ]);
      expect(res.log).toContain(NO_OUTPUTS_NOTE);
    }
    expect(fs.existsSync(path.join(root, MARKER))).toBe(false);
    await expect(post({ path: "writes-marker-dlab.ipynb", execute: true })).rejects.toThrow(
      /→ 400: .*execute: expected only path and version; the toolbar export never runs a notebook/,
    );
    expect(fs.existsSync(path.join(root, MARKER))).toBe(false);
  }, 240_000);

  it("answers the files it wrote for a name with a space, and keeps serving meanwhile", async () => {
    const pending = post<{ files: string[] }>({ path: "my lab.ipynb", version: "instructor" });
    // the export takes seconds; the server answers other requests in the meantime
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await lab.api("/api/contents");
    expect(Date.now() - t0).toBeLessThan(2000);
    const res = await pending;
    expect(res.files).toEqual(["handouts/my_lab-instructor.html", "handouts/my_lab-instructor.pdf"]);
    for (const f of res.files) expect(fs.statSync(path.join(root, f)).size).toBeGreaterThan(1000);
  }, 240_000);
});

describe("the handler's authorization", () => {
  let lab: JupyterLab;
  beforeAll(async () => {
    // an authorizer that lets anyone read the "dlab" resource but nobody write it
    const mod = path.join(tmp, "authz");
    fs.mkdirSync(mod);
    fs.writeFileSync(
      path.join(mod, "dlab_readonly.py"),
      [
        "from jupyter_server.auth import Authorizer",
        "class ReadOnlyDlab(Authorizer):",
        "    def is_authorized(self, handler, user, action, resource):",
        '        return not (resource == "dlab" and action == "write")',
        "",
      ].join("\n"),
    );
    const root = folderWith("authz-root", ["writes-marker-dlab.ipynb"]);
    lab = await startJupyterLab({
      rootDir: root,
      env: { PYTHONPATH: mod },
      args: ["--ServerApp.authorizer_class=dlab_readonly.ReadOnlyDlab"],
    });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('asks the server\'s authorizer about the resource "dlab": read allowed, export (write) refused', async () => {
    const info = await lab.api<{ handout: boolean }>("/dlab/lab?path=writes-marker-dlab.ipynb");
    expect(info.handout).toBe(true);
    await expect(
      lab.api("/dlab/handout", {
        method: "POST",
        body: JSON.stringify({ path: "writes-marker-dlab.ipynb" }),
      }),
    ).rejects.toThrow(/→ 403/);
    expect(fs.existsSync(path.join(lab.rootDir, "handouts"))).toBe(false);
  }, 60_000);
});
