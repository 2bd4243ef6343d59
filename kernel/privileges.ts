/**
 * Running someone else's code as root is never needed: when the kernel is started as root with
 * DLAB_KERNEL_USER set (as `dlab grade` does when the lecturer grades as root), it gives up root for
 * that user — its groups, its group, its user, for every thread — right after reading the
 * connection file and before any cell can run. A kernel that cannot drop what it was asked to
 * drop exits rather than run as root.
 *
 * @example
 * dropPrivileges(process.env.DLAB_KERNEL_USER); // before the channels and threads start
 */
import * as fs from "node:fs";

/**
 * The uid and gid of a user in /etc/passwd (a name or a number), or of `uid:gid` as given (`dlab
 * grade` runs each kernel as a user id of its own that no account has); undefined when unknown.
 */
export function lookupUser(user: string): { uid: number; gid: number } | undefined {
  const ids = /^(\d+):(\d+)$/.exec(user);
  if (ids) return { uid: Number(ids[1]), gid: Number(ids[2]) };
  if (!fs.existsSync("/etc/passwd")) return undefined;
  for (const line of fs.readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [name, , uid, gid] = line.split(":");
    if (name === user || uid === user) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/**
 * Become `user` when running as root; nothing when `user` is unset or the kernel is not root.
 * Throws when the user does not exist or root is still held afterwards.
 */
export function dropPrivileges(user: string | undefined): void {
  if (!user || process.getuid?.() !== 0) return;
  const who = lookupUser(user);
  if (!who) throw new Error(`DLAB_KERNEL_USER: expected a user of this machine, got ${JSON.stringify(user)}`);
  if (who.uid === 0 || who.gid === 0)
    throw new Error(`DLAB_KERNEL_USER: expected a user other than root, got ${JSON.stringify(user)}`);
  process.setgroups?.([who.gid]);
  process.setgid?.(who.gid);
  process.setuid?.(who.uid);
  if (process.getuid?.() === 0 || process.geteuid?.() === 0 || process.getegid?.() === 0)
    throw new Error("the kernel could not give up root");
}
