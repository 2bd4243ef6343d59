// What the set-up scripts share (scripts/setup.mjs, scripts/start.mjs, extension/setup.mjs):
// where things are, how a step logs, runs a program and fails, and the stamps that let a step
// be skipped when nothing it depends on changed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The project's Python environment, created by the set-up. */
export const VENV = join(ROOT, ".venv");
/** Its programs (python, jupyter, …). */
export const VENV_BIN = join(VENV, "bin");
const STAMPS = join(VENV, ".dlab-stamps");
/** The workspace's TypeScript compiler; not node_modules/.bin/tsc, which is tslab's bundled 5.0. */
export const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** A set-up failure that the user can act on: printed without a stack trace. */
export class SetupError extends Error {}

/** One line of progress: `dlab setup: …`. */
export function log(msg) {
  process.stdout.write(`dlab setup: ${msg}\n`);
}

/** Run a program without a shell, from the repository root; throws a SetupError if it cannot start. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", ...opts });
  if (res.error) throw new SetupError(`could not run ${cmd}: ${res.error.message}`);
  return res;
}

/** Hash of the given files' contents (and, for folders, every file under them, by path). */
export function hashInputs(paths) {
  const h = createHash("sha256");
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (["node_modules", "dist", "lib", "labextension", "__pycache__"].includes(name)) continue;
        if (name.endsWith(".egg-info") || name === ".tsbuildinfo") continue;
        visit(join(p, name));
      }
    } else {
      h.update(relative(ROOT, p));
      h.update(readFileSync(p));
    }
  };
  paths.forEach((p) => visit(join(ROOT, p)));
  return h.digest("hex");
}

/** True when step `name` last succeeded with these inputs (see {@link hashInputs}). */
export function stampOk(name, hash) {
  const f = join(STAMPS, name);
  return existsSync(f) && readFileSync(f, "utf8") === hash;
}

/** Record that step `name` succeeded with these inputs. */
export function writeStamp(name, hash) {
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(join(STAMPS, name), hash);
}

/** The end of a script's promise: a SetupError prints `dlab <what> failed: …` and exits 1. */
export function exitOnSetupError(what) {
  return (err) => {
    if (err instanceof SetupError) {
      process.stderr.write(`\ndlab ${what} failed: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  };
}
