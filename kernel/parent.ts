/**
 * A kernel whose launcher died shuts itself down, as ipykernel's parent poller does: Jupyter
 * sets JPY_PARENT_PID when it starts a kernel, and a kernel left behind by a crashed or killed
 * server (or test driver) would otherwise keep running — spinning, if a cell was looping.
 */

/** How often the parent is looked at. */
const POLL_MS = 1000;

/**
 * Whether a process with this pid exists (signal 0 checks without sending anything).
 * @example alive(process.pid) // → true
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/**
 * Call `onOrphaned` once when the parent named by JPY_PARENT_PID is gone. Does nothing
 * without that variable (a kernel started by hand).
 * @example watchParent(process.env, () => void shutdown());
 */
export function watchParent(env: NodeJS.ProcessEnv, onOrphaned: () => void): void {
  const pid = Number(env.JPY_PARENT_PID);
  if (!Number.isInteger(pid) || pid <= 1) return;
  const timer = setInterval(() => {
    if (alive(pid)) return;
    clearInterval(timer);
    onOrphaned();
  }, POLL_MS);
  timer.unref();
}
