/** Where the kernel's thread scripts are: next to this file when built, in dist/ when run from source (tests). */
import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The built script of a kernel thread.
 * @example new Worker(threadScript("io-thread"))
 */
export function threadScript(name: "io-thread" | "compiler-thread"): string {
  const here = join(__dirname, `${name}.js`);
  return existsSync(here) ? here : join(__dirname, "dist", `${name}.js`);
}
