/**
 * Finding and ending what a hub started, through /proc: every process whose environment carries
 * the hub's state folder (DLAB_HUB_STATE, inherited by the proxy, the students' servers and their
 * kernels) and every process of the students' Unix users.
 *
 * @example
 * import { processesOf, stopProcesses } from "./processes";
 * await stopProcesses(processesOf("/srv/dlab/.hub", ["dlab-alice"]), 5000);
 */
import * as fs from "node:fs";

/** The users in /etc/passwd: name, uid, gid, home (empty where the file is missing). */
export function passwd(): { name: string; uid: number; gid: number; home: string }[] {
  if (!fs.existsSync("/etc/passwd")) return [];
  return fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name, , uid, gid, , home] = line.split(":");
      return { name, uid: Number(uid), gid: Number(gid), home };
    });
}

/** Uids of these Unix users, from /etc/passwd (users that no longer exist are skipped). */
export function uidsOf(names: string[]): Set<number> {
  // Students are ordinary users (uid ≥ 1000): never sweep root's or a system user's processes.
  return new Set(passwd().flatMap((u) => (names.includes(u.name) && u.uid >= 1000 ? [u.uid] : [])));
}

/** Pids (not this one) marked with DLAB_HUB_STATE=`state` or owned by one of `users`. */
export function processesOf(state: string, users: string[]): number[] {
  const marker = `DLAB_HUB_STATE=${state}`;
  const uids = uidsOf(users);
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      const uid = fs.statSync(`/proc/${pid}`).uid;
      if (env.includes(marker) || uids.has(uid)) pids.push(pid);
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is dead, only not yet collected by its parent.
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** SIGTERM these pids, wait up to `graceMs`, then SIGKILL the rest; resolves to how many were alive. */
export async function stopProcesses(pids: number[], graceMs: number): Promise<number> {
  const running = pids.filter(alive);
  for (const pid of running) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // exited meanwhile
    }
  }
  const end = Date.now() + graceMs;
  while (running.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  for (const pid of running.filter(alive)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
  return running.length;
}
