/**
 * `dlab hub`: a JupyterHub for the class room, and `dlab hub stop`.
 *
 * @example
 * // in a terminal, as root on the class server:
 * //   npx dlab hub --ip 0.0.0.0 --port 443 --cert cert.pem --key key.pem
 * //   npx dlab hub stop
 */
import { runCommand } from "../usage";
import { HUB_USAGE, parseHubArgs } from "./options";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../handout/tools";
import { startHub, stateDir, stopHub, writeKernelspec, type StartedHub } from "./server";

function report(hub: StartedHub): string {
  const lines = [
    hub.simple
      ? `dlab hub: running at ${hub.url} — simple mode: one Unix user, NO isolation between students — for trying it out`
      : `dlab hub: running at ${hub.url} — each student a Unix user of their own (dlab-<name>), created on first login`,
    `  students:        any name + the class password  ${hub.classPassword}`,
    `  lecturer (admin): ${hub.admin} + ${hub.adminPassword}   (${hub.url}/hub/admin)`,
    `  state and log:   ${hub.state}`,
    `  stop:            npx dlab hub stop${hub.state === stateDir(undefined) ? "" : ` --state ${hub.state}`}`,
  ];
  return lines.join("\n") + "\n";
}

/** Run `dlab hub …`; resolves to the exit code (2 for a usage mistake). */
export async function hubMain(args: string[]): Promise<number> {
  return runCommand("hub", HUB_USAGE, async () => {
    const o = parseHubArgs(args);
    if (o.action === "help") {
      process.stdout.write(HUB_USAGE);
      return 0;
    }
    if (o.action === "kernelspec") {
      const state = stateDir(o.state);
      fs.mkdirSync(state, { recursive: true, mode: 0o755 });
      process.stdout.write(writeKernelspec(repoRoot(), state, o.limits) + "\n");
      return 0;
    }
    if (o.action === "simulate" && o.simulate) {
      const { simulateClass, formatReport } = await import("./simulate");
      const r = await simulateClass(o, o.simulate, (line) => process.stdout.write(line + "\n"));
      fs.writeFileSync(
        path.join(stateDir(o.state ?? path.join(repoRoot(), ".hub-simulate")), "simulate.json"),
        JSON.stringify(r, null, 2) + "\n",
      );
      process.stdout.write(formatReport(r));
      return r.students_ok === r.students ? 0 : 1;
    }
    if (o.action === "stop") {
      const n = await stopHub(stateDir(o.state));
      process.stdout.write(`dlab hub: stopped (${n} process${n === 1 ? "" : "es"} ended)\n`);
      return 0;
    }
    process.stdout.write(report(await startHub(o)));
    return 0;
  });
}
