/**
 * `dlab hub --simulate N`: a class of N simulated students on this machine, to size a server
 * before the lab. Starts a hub of its own on 127.0.0.1 (state and homes in one folder), logs each
 * student in with the class password through the hub's login form, spawns their server, opens
 * lab 01 in the dlab kernel through the REST and websocket APIs and runs every code cell,
 * comparing what came out with the outputs stored in the lab. One more student keeps running a
 * trivial cell (`1 + 1`) once a second to measure what a student waits while the class trains;
 * with `--runaway`, another runs an allocation without bound halfway through. Memory and
 * CPU-seconds of every student's Unix user are sampled from /proc. At the end the hub is stopped
 * and the simulated users and their homes are removed.
 *
 * @example
 * // in a terminal, as root:
 * //   npx dlab hub --simulate 40 --runaway
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../handout/tools";
import { UsageError, quoted } from "../usage";
import { login, runCell, spawnServer, startKernel, type CellResult, type Student } from "./client";
import { freePort, portFree } from "./net";
import type { HubOptions } from "./options";
import { passwd, uidsOf } from "./processes";
import { startHub, stateDir, stopHub } from "./server";

/** The lab every simulated student works through. */
export const SIMULATED_LAB = "01-perceptron.ipynb";

/** The cell a runaway student runs: it allocates until something stops it. */
export const RUNAWAY_CELL = "const a = []; while (true) a.push(new Float64Array(1e7))";

interface LabCell {
  index: number;
  code: string;
  stdout: string;
  displays: string[];
}

/** What one simulated student saw. */
export interface StudentRun {
  name: string;
  /** Seconds from the spawn request until the hub called the server ready. */
  spawnS?: number;
  /** Seconds to run every cell of the lab. */
  labS?: number;
  /** Cells whose outputs differ from the stored ones, or that failed: "cell 12: …". */
  problems: string[];
  /** Peak resident memory of the student's processes (server + kernel), MB. */
  peakMB: number;
  /** CPU-seconds used by the student's processes. */
  cpuS: number;
}

/** The figures of one simulated class. */
export interface SimulationReport {
  students: number;
  cores: number;
  memoryGB: number;
  arriveOverS: number;
  students_ok: number;
  spawnP50: number;
  spawnP95: number;
  labP50: number;
  labP95: number;
  latencyP50: number;
  latencyP95: number;
  latencyMax: number;
  latencySamples: number;
  runaway?: { outcome: string; seconds: number; latencyP95: number; samples: number };
  peakMBPerStudent: { median: number; max: number };
  cpuSPerStudent: { median: number; max: number };
  hubPeakMB: number;
  machinePeakUsedMB: number;
  loadMax: number;
  wallS: number;
  runs: StudentRun[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The q-quantile (0…1) of `xs`, nearest rank; NaN for none. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** The code cells of a lab with the outputs stored in it. */
export function labCells(file: string): LabCell[] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as {
    cells: { cell_type: string; source: string | string[]; outputs?: Record<string, unknown>[] }[];
  };
  const text = (t: unknown) => ([] as string[]).concat((t as string | string[]) ?? []).join("");
  return nb.cells
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => c.cell_type === "code")
    .map(({ c, index }) => ({
      index,
      code: text(c.source),
      stdout: (c.outputs ?? [])
        .filter((o) => o.output_type === "stream")
        .map((o) => text(o.text))
        .join(""),
      displays: (c.outputs ?? [])
        .filter((o) => o.output_type === "display_data" || o.output_type === "execute_result")
        .map((o) => text((o.data as Record<string, unknown>)["text/plain"])),
    }));
}

/**
 * How a run of `cell` differs from the stored outputs (undefined: as stored). The lab's first cell
 * reports the backend: only its first line is compared (the passed-over backends vary by machine).
 */
export function compareCell(cell: LabCell, got: CellResult, first: boolean): string | undefined {
  if (got.status !== "ok") return `cell ${cell.index}: ${got.status}${got.error ? ` (${got.error})` : ""}`;
  let want = first ? cell.stdout.split("\n")[0] : cell.stdout;
  const have = first ? got.stdout.split("\n")[0] : got.stdout;
  // The backend itself is the deployment's choice (the class hub's --backend): a report of
  // another backend is as stored when it has the report's form.
  const backend = (line: string) => /^dlab backend: ([\w-]+): /.exec(line)?.[1];
  if (first && backend(want) && backend(have) && backend(want) !== backend(have)) want = have;
  if (want !== have)
    return `cell ${cell.index}: printed ${quoted(have.slice(0, 80))}, stored ${quoted(want.slice(0, 80))}`;
  if (want.length > 0 || cell.displays.length > 0 || got.displays.length > 0) {
    if (got.displays.length !== cell.displays.length)
      return `cell ${cell.index}: ${got.displays.length} displays, ${cell.displays.length} stored`;
    for (const [i, want] of cell.displays.entries()) {
      const have = got.displays[i];
      if (have === want) continue;
      let k = 0;
      while (have[k] === want[k]) k++;
      const from = Math.max(0, k - 20);
      return `cell ${cell.index}: displayed …${quoted(have.slice(from, k + 40))}, stored …${quoted(want.slice(from, k + 40))}`;
    }
  }
  return undefined;
}

/** Resident memory (kB) and CPU ticks of every process, with its owner. */
function processTable(): { pid: number; uid: number; rssKB: number; ticks: number; env?: string }[] {
  const rows = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const uid = fs.statSync(`/proc/${pid}`).uid;
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      rows.push({
        pid,
        uid,
        // Resident size: cheap to read. (smaps_rollup's proportional size takes each process's
        // memory lock while it is read, and sampling it every 2 s slowed the class it measured.)
        rssKB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0),
        ticks: Number(f[11]) + Number(f[12]),
        env: uid === 0 ? fs.readFileSync(`/proc/${pid}/environ`, "latin1") : undefined,
      });
    } catch {
      // exited meanwhile
    }
  }
  return rows;
}

/** Samples memory and CPU of the students' users and of the hub's own processes every 2 s. */
class Sampler {
  readonly peakKB = new Map<number, number>();
  /** Last CPU ticks seen per pid, with its uid. */
  private readonly ticks = new Map<number, { uid: number; ticks: number }>();
  hubPeakKB = 0;
  usedPeakMB = 0;
  loadMax = 0;
  private timer?: NodeJS.Timeout;
  constructor(
    private readonly marker: string,
    private readonly uids: () => Set<number>,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 2000);
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  private sample(): void {
    const uids = this.uids();
    const kb = new Map<number, number>();
    let hubKB = 0;
    for (const p of processTable()) {
      if (uids.has(p.uid)) {
        kb.set(p.uid, (kb.get(p.uid) ?? 0) + p.rssKB);
        this.ticks.set(p.pid, { uid: p.uid, ticks: p.ticks });
      } else if (p.env?.includes(this.marker)) hubKB += p.rssKB;
    }
    for (const [uid, v] of kb) this.peakKB.set(uid, Math.max(this.peakKB.get(uid) ?? 0, v));
    this.hubPeakKB = Math.max(this.hubPeakKB, hubKB);
    const mem = fs.readFileSync("/proc/meminfo", "utf8");
    const field = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(mem)?.[1] ?? 0) / 1024;
    this.usedPeakMB = Math.max(this.usedPeakMB, field("MemTotal") - field("MemAvailable"));
    this.loadMax = Math.max(this.loadMax, os.loadavg()[0]);
  }

  /** CPU-seconds used by `uid`'s processes that were seen. */
  cpuSeconds(uid: number): number {
    const hz = 100; // USER_HZ on Linux
    let t = 0;
    for (const v of this.ticks.values()) if (v.uid === uid) t += v.ticks;
    return t / hz;
  }
}

/** Check the options `--simulate` allows and fill in its own defaults. */
function simulationOptions(o: HubOptions): HubOptions {
  if (o.ip !== "127.0.0.1")
    throw new UsageError("--ip", "127.0.0.1 (a simulated class stays on this machine)", quoted(o.ip));
  if (o.simple)
    throw new UsageError(
      "--simple",
      "no --simple with --simulate (it measures one user per student)",
      "--simple",
    );
  const state = stateDir(o.state ?? path.join(repoRoot(), ".hub-simulate"));
  return {
    ...o,
    action: "start",
    state,
    homes: path.join(state, "homes"),
    password: randomBytes(9).toString("hex"),
  };
}

/** Remove the simulated students' Unix users and homes (left from this run or an aborted one). */
function removeUsers(names: string[]): void {
  for (const n of names) spawnSync("userdel", ["--remove", `dlab-${n}`], { encoding: "utf8" });
}

/** Run the simulated class; prints progress through `say` and resolves to the figures. */
export async function simulateClass(
  given: HubOptions,
  sim: { students: number; runaway: boolean; arriveOverS: number },
  say: (line: string) => void,
): Promise<SimulationReport> {
  const o = simulationOptions(given);
  const state = o.state as string;
  if (!(await portFree(o.port, o.ip))) o.port = await freePort();
  const names = Array.from({ length: sim.students }, (_, i) => `sim${String(i + 1).padStart(3, "0")}`);
  const probe = "simprobe";
  const runaway = "simrunaway";
  const everyone = [...names, probe, ...(sim.runaway ? [runaway] : [])];
  removeUsers(everyone);
  fs.rmSync(o.homes, { recursive: true, force: true });
  fs.mkdirSync(state, { recursive: true, mode: 0o711 });
  fs.mkdirSync(o.homes, { recursive: true, mode: 0o755 });
  fs.chmodSync(o.homes, 0o755);

  const cells = labCells(path.join(repoRoot(), "notebooks", SIMULATED_LAB));
  const t0 = performance.now();
  const hub = await startHub(o);
  say(
    `simulate: hub at ${hub.url} (state ${state}); ${sim.students} students, arriving over ${sim.arriveOverS} s`,
  );
  let uidCache = new Set<number>();
  const sampler = new Sampler(`DLAB_HUB_STATE=${state}`, () => uidCache);
  const refreshUids = setInterval(() => (uidCache = uidsOf(everyone.map((n) => `dlab-${n}`))), 1000);
  sampler.start();

  const runs: StudentRun[] = [];
  let training = 0;
  let finished = false;
  const latencies: { at: number; s: number; training: boolean; runaway: boolean }[] = [];
  let runawayActive = false;
  let runawayResult: SimulationReport["runaway"];
  let done = 0;

  try {
    // The probe student is in before the class arrives, and ticks until the last one is done.
    const p = await login(hub.url, probe, o.password as string);
    await spawnServer(p, 300_000);
    const pk = await startKernel(p);
    await runCell(hub.url, p, pk, 'import * as dl from "dlab";', 300_000);
    const ticking = (async () => {
      while (!finished) {
        const at = performance.now();
        const active = runawayActive;
        try {
          const r = await runCell(hub.url, p, pk, "1 + 1", 120_000);
          latencies.push({ at, s: r.seconds, training: training > 0, runaway: active });
        } catch {
          latencies.push({ at, s: 120, training: training > 0, runaway: active });
        }
        await sleep(Math.max(0, 1000 - (performance.now() - at)));
      }
    })();

    const one = async (name: string, i: number): Promise<StudentRun> => {
      const run: StudentRun = { name, problems: [], peakMB: 0, cpuS: 0 };
      await sleep(sim.students > 1 ? (sim.arriveOverS * 1000 * i) / (sim.students - 1) : 0);
      let s: Student;
      try {
        s = await login(hub.url, name, o.password as string);
        run.spawnS = await spawnServer(s, 600_000);
      } catch (e) {
        run.problems.push(`spawn: ${e instanceof Error ? e.message : String(e)}`);
        return run;
      }
      training++;
      const t = performance.now();
      try {
        const k = await startKernel(s);
        for (const [n, cell] of cells.entries()) {
          const r = await runCell(hub.url, s, k, cell.code, 900_000);
          const problem = compareCell(cell, r, n === 0);
          if (problem) run.problems.push(problem);
          if (r.status !== "ok") break;
        }
        run.labS = (performance.now() - t) / 1000;
      } catch (e) {
        run.problems.push(`lab: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        training--;
      }
      done++;
      say(
        `simulate: ${done}/${sim.students} done — ${name}: spawn ${run.spawnS?.toFixed(1)} s, lab ${run.labS?.toFixed(0) ?? "-"} s` +
          (run.problems.length ? `, ${run.problems.length} problem(s): ${run.problems[0]}` : ", as stored"),
      );
      return run;
    };

    const offender = sim.runaway
      ? (async () => {
          const r = await login(hub.url, runaway, o.password as string);
          await spawnServer(r, 600_000);
          const k = await startKernel(r);
          // A student who has been working: dlab loaded, the kernel's type checker warm (a first
          // cell costs ~2 CPU-s to compile, which a starved CPU would stretch and count as the
          // runaway's time).
          await runCell(hub.url, r, k, 'import * as dl from "dlab";', 600_000);
          // Halfway: once half the class has started the lab.
          while (training + done < Math.ceil(sim.students / 2) && !finished) await sleep(500);
          runawayActive = true;
          const t = performance.now();
          let outcome: string;
          try {
            const res = await runCell(hub.url, r, k, RUNAWAY_CELL, 300_000);
            outcome =
              res.status === "dead"
                ? "its kernel died (restarted by the server)"
                : `${res.status}: ${res.error}`;
          } catch (e) {
            outcome = `no answer: ${e instanceof Error ? e.message : String(e)}`;
          }
          const seconds = (performance.now() - t) / 1000;
          // Latency while the runaway ran, and for 10 s after.
          await sleep(10_000);
          runawayActive = false;
          say(`simulate: the runaway student: ${outcome} after ${seconds.toFixed(1)} s`);
          return { outcome, seconds };
        })()
      : undefined;

    runs.push(...(await Promise.all(names.map((n, i) => one(n, i)))));
    const off = await offender;
    finished = true;
    await ticking;
    sampler.stop();
    const uids = uidsOf(everyone.map((n) => `dlab-${n}`));
    const uidOf = new Map(passwd().flatMap((u) => (uids.has(u.uid) ? [[u.name, u.uid] as const] : [])));
    for (const r of runs) {
      const uid = uidOf.get(`dlab-${r.name}`);
      if (uid === undefined) continue;
      r.peakMB = (sampler.peakKB.get(uid) ?? 0) / 1024;
      r.cpuS = sampler.cpuSeconds(uid);
    }
    const during = latencies.filter((l) => l.training && !l.runaway).map((l) => l.s);
    const inRunaway = latencies.filter((l) => l.runaway).map((l) => l.s);
    if (off) runawayResult = { ...off, latencyP95: quantile(inRunaway, 0.95), samples: inRunaway.length };
    const spawn = runs.flatMap((r) => (r.spawnS === undefined ? [] : [r.spawnS]));
    const lab = runs.flatMap((r) => (r.labS === undefined ? [] : [r.labS]));
    const mb = runs.map((r) => r.peakMB);
    const cpu = runs.map((r) => r.cpuS);
    return {
      students: sim.students,
      cores: os.cpus().length,
      memoryGB: os.totalmem() / 2 ** 30,
      arriveOverS: sim.arriveOverS,
      students_ok: runs.filter((r) => r.problems.length === 0 && r.labS !== undefined).length,
      spawnP50: quantile(spawn, 0.5),
      spawnP95: quantile(spawn, 0.95),
      labP50: quantile(lab, 0.5),
      labP95: quantile(lab, 0.95),
      latencyP50: quantile(during, 0.5),
      latencyP95: quantile(during, 0.95),
      latencyMax: during.length ? Math.max(...during) : NaN,
      latencySamples: during.length,
      runaway: runawayResult,
      peakMBPerStudent: { median: quantile(mb, 0.5), max: Math.max(...mb) },
      cpuSPerStudent: { median: quantile(cpu, 0.5), max: Math.max(...cpu) },
      hubPeakMB: sampler.hubPeakKB / 1024,
      machinePeakUsedMB: sampler.usedPeakMB,
      loadMax: sampler.loadMax,
      wallS: (performance.now() - t0) / 1000,
      runs,
    };
  } finally {
    finished = true;
    clearInterval(refreshUids);
    sampler.stop();
    await stopHub(state);
    removeUsers(everyone);
    fs.rmSync(o.homes, { recursive: true, force: true });
  }
}

/** The report as the lecturer reads it. */
export function formatReport(r: SimulationReport): string {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "-");
  const lines = [
    `simulated class: ${r.students} students on ${r.cores} cores / ${f(r.memoryGB, 0)} GB, arriving over ${r.arriveOverS} s (${f(r.wallS, 0)} s in all, load up to ${f(r.loadMax)})`,
    `  lab 01 as stored:        ${r.students_ok} of ${r.students}`,
    `  spawn (s):               p50 ${f(r.spawnP50)}  p95 ${f(r.spawnP95)}   (target p95 ≤ 60)`,
    `  whole lab 01 (s):        p50 ${f(r.labP50, 0)}  p95 ${f(r.labP95, 0)}`,
    `  trivial cell while the class trains (s): p50 ${f(r.latencyP50, 2)}  p95 ${f(r.latencyP95, 2)}  max ${f(r.latencyMax, 2)}  (${r.latencySamples} samples; target p95 ≤ 2)`,
    `  per student, peak resident (server + kernel): median ${f(r.peakMBPerStudent.median, 0)} MB, max ${f(r.peakMBPerStudent.max, 0)} MB`,
    `  per student, CPU:        median ${f(r.cpuSPerStudent.median)} s, max ${f(r.cpuSPerStudent.max)} s`,
    `  hub + proxy + culler:    peak ${f(r.hubPeakMB, 0)} MB;  machine memory in use at peak ${f(r.machinePeakUsedMB / 1024)} GB`,
  ];
  if (r.runaway)
    lines.push(
      `  runaway student:         ${r.runaway.outcome} after ${f(r.runaway.seconds)} s; others' trivial cell meanwhile p95 ${f(r.runaway.latencyP95, 2)} s (${r.runaway.samples} samples)`,
    );
  for (const run of r.runs.filter((x) => x.problems.length > 0).slice(0, 10))
    lines.push(`  ${run.name}: ${run.problems.slice(0, 3).join("; ")}`);
  return lines.join("\n") + "\n";
}
