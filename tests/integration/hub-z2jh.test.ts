// Zero to JupyterHub cannot run here; what can be checked is that its files say what `dlab hub`
// does: the image is built with the README's set-up, and values.yaml (which parses) names the
// same per-student limits as the hub's defaults (src/cli/hub/options.ts).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CULL_MINUTES, DEFAULT_LIMITS } from "../../src/cli/hub/options";
import { ROOT, VENV_BIN } from "./jupyterlab";

const DIR = join(ROOT, "hub", "z2jh");
const dockerfile = readFileSync(join(DIR, "Dockerfile"), "utf8");
const runSteps = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .filter((l) => l.startsWith("RUN "))
  .map((l) => l.slice(4).trim());
const env = Object.fromEntries([...dockerfile.matchAll(/\b(DLAB_HUB_\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));

/** values.yaml through PyYAML (in .venv with jupyter_server): null if it does not parse. */
function values(): Record<string, any> {
  const code = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";
  const res = spawnSync(join(VENV_BIN, "python"), ["-c", code, join(DIR, "values.yaml")], {
    encoding: "utf8",
  });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
}

describe("Zero to JupyterHub: image and values.yaml", () => {
  it("builds the image with the README's set-up commands", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /## The two commands\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const setup = block
      .split("\n")
      .map((l) => l.replace(/#.*/, "").trim())
      .filter((l) => l && l !== "npm start");
    expect(setup).toEqual(["npm install"]);
    for (const cmd of setup) expect(runSteps).toContain(cmd);
    // The README's requirements: Node.js ≥ 20 and Python with venv.
    expect(Number(/^FROM node:(\d+)/m.exec(dockerfile)?.[1])).toBeGreaterThanOrEqual(20);
    expect(runSteps.join(" ")).toMatch(/apt-get install .*python3-venv/);
    expect(runSteps).toContain(
      `npx dlab hub kernelspec --memory ${DEFAULT_LIMITS.kernelMemMB} --state /opt/dlab-class`,
    );
  });

  it("names the hub's limits: pod memory, CPU, kernels per student, culling", () => {
    const v = values();
    const pod = DEFAULT_LIMITS.serverMemMB + DEFAULT_LIMITS.kernelsPerStudent * DEFAULT_LIMITS.kernelMemMB;
    expect(v.singleuser.memory.limit).toBe(`${pod}M`);
    expect(v.singleuser.cpu.limit).toBe(DEFAULT_LIMITS.cpus);
    expect(v.singleuser.extraEnv.DLAB_HUB_KERNELS).toBe(String(DEFAULT_LIMITS.kernelsPerStudent));
    expect(env.DLAB_HUB_KERNELS).toBe(String(DEFAULT_LIMITS.kernelsPerStudent));
    expect(v.cull).toMatchObject({ enabled: true, timeout: DEFAULT_CULL_MINUTES * 60 });
    expect(v.singleuser.extraEnv.DLAB_HUB_KERNEL_CULL_S).toBe(String(DEFAULT_CULL_MINUTES * 60));
    expect(env.DLAB_HUB_KERNEL_CULL_S).toBe(String(DEFAULT_CULL_MINUTES * 60));
    expect(v.hub.config.JupyterHub.authenticator_class).toBe("shared-password");
    expect(v.singleuser.cmd).toBe(/CMD \["([^"]+)"\]/.exec(dockerfile)?.[1]);
    expect(JSON.stringify(v)).not.toMatch(/password"\s*:/);
  });
});
