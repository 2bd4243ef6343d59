// Runs the Python scenario driver (tests/kernel/kernel_driver.py) with the project's .venv and
// returns the JSON it prints. Used by tests/integration/kernel-*.test.ts.
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";

/** The repository root. */
export const ROOT = resolve(__dirname, "..", "..");
/** The project's Python. */
export const PYTHON = join(ROOT, ".venv", "bin", "python");
/** Where the `dlab` kernelspec is installed. */
export const JUPYTER_PATH = join(ROOT, ".venv", "share", "jupyter");

/** Run a .venv Python command; resolves with stdout/stderr whatever the exit code. */
export function runPython(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      PYTHON,
      args,
      {
        cwd: ROOT,
        timeout: timeoutMs,
        maxBuffer: 64 << 20,
        env: { ...process.env, JUPYTER_PATH, PYTHONUNBUFFERED: "1" },
      },
      (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Run one scenario of kernel_driver.py and parse its JSON result. */
export async function scenario<T = any>(name: string, timeoutMs = 120_000): Promise<T> {
  const res = await runPython([join(__dirname, "kernel_driver.py"), name], timeoutMs);
  const last = res.stdout.trim().split("\n").pop() ?? "";
  if (res.code !== 0 || !last.startsWith("{")) {
    throw new Error(`scenario ${name} failed (exit ${res.code}):\n${res.stderr.slice(-3000)}`);
  }
  return JSON.parse(last) as T;
}

/** The [msg_type, content] pairs of one execution, as the driver returns them. */
export type Outputs = Array<[string, any]>;

/** The execute_result text/plain in a list of outputs. */
export function resultText(outs: Outputs): string | undefined {
  return outs.find(([t]) => t === "execute_result")?.[1].data["text/plain"];
}
