/** Whether this checkout's set-up built tfjs-node's addon (scripts/native.mjs), without loading it. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const load = createRequire(__filename);

/**
 * Why the native `tensorflow` backend cannot be tested here, or undefined when its addon is built.
 * Checked on disk: loading tfjs-node would start TensorFlow before dl.backend() chooses its threads.
 */
export function nativeMissing(): string | undefined {
  let pkg: string;
  try {
    pkg = dirname(load.resolve("@tensorflow/tfjs-node/package.json"));
  } catch {
    return "@tensorflow/tfjs-node is not installed";
  }
  const addon: string = load("@mapbox/node-pre-gyp").find(join(pkg, "package.json"));
  if (existsSync(addon)) return undefined;
  const skipped = join(pkg, "..", "..", "..", ".venv", "tensorflow-cpu", "SKIPPED");
  return `tfjs-node's addon is not built${existsSync(skipped) ? `: ${readFileSync(skipped, "utf8").trim()}` : " (run npm run setup)"}`;
}
