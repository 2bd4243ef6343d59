// Shared by the benches: the kernel and src/ of an earlier commit, built in a temp folder, so that
// a bench can run it side by side with this tree's.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Build the kernel and src/ of `ref` in a temp folder (node_modules linked to this tree's, but
 * `dlab` is that commit's src/). Returns the folder (the caller removes it) and the
 * kernel's argv, the plain `node main.js` of the kernelspec before heap flags.
 */
export function buildBaseline(ref) {
  const dir = mkdtempSync(join(tmpdir(), "dlab-bench-baseline-"));
  const tar = execFileSync("git", ["archive", ref, "kernel", "src", "tsconfig.json", "notebooks"], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  // this tree's packages, but `dlab` is that commit's src/
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(ROOT, "node_modules")))
    if (name !== "dlab") symlinkSync(join(ROOT, "node_modules", name), join(dir, "node_modules", name));
  symlinkSync(join(dir, "src"), join(dir, "node_modules", "dlab"));
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-b", "src", "kernel"], { cwd: dir, stdio: "inherit" });
  const argv = [process.execPath, join(dir, "kernel", "dist", "main.js"), "{connection_file}"];
  return { dir, argv, notebooks: join(dir, "notebooks") };
}
