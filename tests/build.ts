// vitest global set-up: compile src/ and kernel/ once before any test file runs, so tests of the
// `dlab` bin, the kernel and the notebooks see the current sources (incremental: a no-op when
// nothing changed). No test file builds on its own: a rebuild while other files run would pull
// modules from under them.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function build(): void {
  const root = join(__dirname, "..");
  execFileSync(process.execPath, [join(root, "scripts", "setup.mjs"), "--build-only"], {
    cwd: root,
    stdio: "inherit",
  });
}
