// dl.race in the real dlab kernel, driven by jupyter_client: one output, updated in place at most
// 4 times a second, ending on the final state, with the sentences printed under it.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PYTHON, ROOT, runPython } from "../kernel/driver";
import { FIGURE_MIME } from "../../src/payload";

const DRIVER = String.raw`
import json, sys, time
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name="dlab", cwd=sys.argv[1], startup_timeout=60)
try:
    code = sys.argv[2]
    msg_id = kc.execute(code)
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t = m["msg_type"]
        if t == "status" and m["content"]["execution_state"] == "idle":
            break
        out.append({"at": time.time(), "type": t, "content": m["content"]})
    reply = kc.get_shell_msg(timeout=60)
    print(json.dumps({"status": reply["content"]["status"], "out": out}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
`;

describe("dl.race in the dlab kernel", () => {
  it("runs where the set-up put the kernel, the package and the Python client", () => {
    // npm install creates .venv; the vitest global set-up builds kernel/dist and src/dist
    for (const p of [PYTHON, join(ROOT, "kernel", "dist", "main.js"), join(ROOT, "src", "dist", "index.js")])
      expect(existsSync(p), p).toBe(true);
  });

  it("one display, ≤ 4 updates a second, final state last, summary printed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dlab-race-"));
    const script = join(dir, "drive.py");
    writeFileSync(script, DRIVER);
    const code = [
      'import * as dl from "dlab";',
      'const r = await dl.race({ surface: "valley", optimizers: ["sgd", "momentum", "adam"], lr: 0.1, steps: 200, durationMs: 1500 });',
      'console.log("tracks", r.tracks.map((t) => t.points.length).join(","));',
    ].join("\n");
    const res = await runPython([script, join(ROOT, "notebooks"), code], 120_000);
    expect(res.code, res.stderr.slice(-2000)).toBe(0);
    const { status, out } = JSON.parse(res.stdout.trim().split("\n").pop()!) as {
      status: string;
      out: Array<{ at: number; type: string; content: any }>;
    };
    expect(status).toBe("ok");
    const figs = out.filter((m) => m.type === "display_data" || m.type === "update_display_data");
    expect(figs[0].type).toBe("display_data");
    expect(figs.slice(1).every((m) => m.type === "update_display_data")).toBe(true);
    const ids = new Set(figs.map((m) => m.content.transient?.display_id));
    expect(ids.size).toBe(1);
    expect(figs.length).toBeGreaterThanOrEqual(3);
    expect(figs.length).toBeLessThanOrEqual(1 + 1.5 / 0.25 + 1);
    for (let i = 1; i < figs.length - 1; i++) expect(figs[i].at - figs[i - 1].at).toBeGreaterThan(0.2);
    const payload = (m: { content: any }) => {
      const d = m.content.data[FIGURE_MIME];
      return typeof d === "string" ? JSON.parse(d) : d;
    };
    const last = payload(figs[figs.length - 1]);
    expect(last.kind).toBe("surface");
    expect(last.final).toBe(true);
    expect(last.trajectories.map((t: { x: number[] }) => t.x.length)).toEqual([201, 201, 201]);
    expect(payload(figs[1]).trajectories[0].x.length).toBeLessThan(201); // it grew
    expect(JSON.stringify(figs[figs.length - 1].content.data).length).toBeLessThan(100_000);
    const stdout = out
      .filter((m) => m.type === "stream")
      .map((m) => m.content.text)
      .join("");
    expect(stdout).toContain("tracks 201,201,201");
    expect(stdout).toMatch(/Adam \(η = 0.1\): loss .* in 200 steps/);
  });
});
