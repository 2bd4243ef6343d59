/**
 * Which Python the students' servers run. Normally .venv's own; but a .venv made from a Python
 * that other users cannot reach (pyenv under /root, mode 0700) cannot start a student's server.
 * Then the hub makes a small environment in the state folder from a Python of the same version
 * that everyone can reach (e.g. Debian's /usr/bin/python3), which uses .venv's packages.
 *
 * @example
 * import { studentPython } from "./python";
 * studentPython("/opt/dlab", "/opt/dlab/.hub"); // "/opt/dlab/.venv/bin/python" where all users can run it
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The first folder (or file) on the way to `p` that other users cannot pass (no o+x), or undefined. */
export function blockedAt(p: string): string | undefined {
  let dir = path.resolve(p);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return chain.find((d) => (fs.statSync(d).mode & 0o001) === 0);
}

function version(python: string): string | undefined {
  const res = spawnSync(python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
    encoding: "utf8",
  });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/** The Python the students' servers start with (`python -m jupyterhub.singleuser`). */
export function studentPython(root: string, state: string): string {
  const venvPython = path.join(root, ".venv", "bin", "python");
  const real = fs.realpathSync(venvPython);
  if (!blockedAt(real)) return venvPython;
  const want = version(venvPython);
  const env = path.join(state, "python");
  const python = path.join(env, "bin", "python");
  if (fs.existsSync(python) && version(python) === want) return python;
  const candidates = [process.env.DLAB_HUB_PYTHON, "/usr/bin/python3", "/usr/local/bin/python3"].filter(
    (p): p is string => Boolean(p) && fs.existsSync(p as string),
  );
  const base = candidates.find((p) => !blockedAt(fs.realpathSync(p)) && version(p) === want);
  if (!base) {
    throw new Error(
      `students' Unix users cannot run .venv's Python (${blockedAt(real)} is closed to other users) and no ` +
        `Python ${want} that all users can run was found: install Debian's python3 (${want}) or set DLAB_HUB_PYTHON`,
    );
  }
  const res = spawnSync(base, ["-m", "venv", "--without-pip", env], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`could not make ${env} with ${base}: ${res.stderr.trim()}`);
  // .venv's packages (pure Python, or built for this same Python version) come in through a .pth file.
  const site = path.join(root, ".venv", "lib", `python${want}`, "site-packages");
  const own = path.join(env, "lib", `python${want}`, "site-packages");
  fs.writeFileSync(
    path.join(own, "dlab-venv.pth"),
    `import site; site.addsitedir(${JSON.stringify(site)})\n`,
  );
  spawnSync("chmod", ["-R", "a+rX", env]);
  return python;
}
