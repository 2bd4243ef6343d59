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
  let activity = 0;
  // reads in flight: a script awaiting `t.data()` shows no other activity while it waits
  for (const method of ["read", "time"]) wrap(backend, method, true);
  // any kernel, upload or disposal is activity (tfjs's own setImmediate pauses look like Dawn's)
  for (const method of ["runWebGPUProgram", "write", "disposeData"]) wrap(backend, method, false);
  function wrap(target: Record<string, any>, method: string, async: boolean): void {
    const original = target[method];
    if (typeof original !== "function") return;
    target[method] = async
      ? async (...args: unknown[]) => {
          pending++;
          activity++;
          try {
            return await original.apply(target, args);
          } finally {
            pending--;
            activity++;
          }
        }
      : (...args: unknown[]) => {
          activity++;
          return original.apply(target, args);
        };
  }
  const allowed = streamWraps();
  let seen = -1;
  let quiet = 0;
  const timer = setInterval(() => {
    quiet = pending === 0 && activity === seen && onlyDawnLeft(allowed) ? quiet + 1 : 0;
    seen = activity;
    // three quiet checks in a row (≥ 0.75 s without any GPU work) before letting the process end
    if (quiet >= 3) {
      clearInterval(timer);
      device.destroy();
    }
  }, 250);
  timer.unref();
}
