/**
 * Let a plain `node` script end while the WebGPU backend is alive. Dawn polls the event loop
 * with setImmediate for as long as a device exists, so a finished script would hang forever.
 * When nothing but that polling is left (no timers, sockets, child processes, pending GPU
 * reads), no JavaScript can run again, so destroying the device changes nothing but the exit.
 */

import { fstatSync } from "node:fs";
import { isatty } from "node:tty";

// stdout and stderr show up as pipe/TTY wraps without keeping the process alive; any more of
// them (stdin being read, as in a REPL, or a child process's pipes) do
const STDIO = new Set(["PipeWrap", "TTYWrap"]);

function streamWraps(): number {
  const wrapped = (fd: number) => {
    try {
      const st = fstatSync(fd);
      return isatty(fd) || st.isFIFO() || st.isSocket();
    } catch {
      return false;
    }
  };
  return [1, 2].filter(wrapped).length;
}

/** True when only Dawn's polling and the standard output streams are active. */
function onlyDawnLeft(allowed: number): boolean {
  const active = process.getActiveResourcesInfo();
  const stdio = active.filter((r) => STDIO.has(r)).length;
  return stdio <= allowed && active.every((r) => r === "Immediate" || STDIO.has(r));
}

/**
 * Watch for the moment a script has finished and destroy the device then. Not used inside the
 * dlab kernel (its sockets are not libuv handles); a REPL reads stdin, which counts as activity.
 * DLAB_WEBGPU_KEEP_ALIVE=1 turns it off.
 */
export function exitWhenIdle(device: { destroy(): void }, backend: Record<string, any>): void {
  if (process.env.DLAB_WEBGPU_KEEP_ALIVE === "1") return;
  let pending = 0;
  // count reads in flight: a script awaiting `t.data()` shows no other activity while it waits
  for (const method of ["read", "time"]) {
    const original = backend[method];
    if (typeof original !== "function") continue;
    backend[method] = async (...args: unknown[]) => {
      pending++;
      try {
        return await original.apply(backend, args);
      } finally {
        pending--;
      }
    };
  }
  const allowed = streamWraps();
  let idleChecks = 0;
  const timer = setInterval(() => {
    idleChecks = pending === 0 && onlyDawnLeft(allowed) ? idleChecks + 1 : 0;
    // two quiet checks in a row (≥ 0.5 s) so a promise chain between two reads is not cut short
    if (idleChecks >= 2) {
      clearInterval(timer);
      device.destroy();
    }
  }, 250);
  timer.unref();
}
