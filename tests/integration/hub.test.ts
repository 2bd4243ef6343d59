// The class hub for real: `dlab hub` starts JupyterHub on 127.0.0.1 with three students who log in
// with the class password and become Unix users of their own; each runs lab 01's first cells in
// the dlab kernel. One student cannot read another's files nor stop their kernel; a cell that
// allocates without bound costs only its own kernel; `dlab hub stop` leaves no process behind.
// Needs root (as CI runs) to create users; the users, their homes and the state are removed after.
import { spawnSync } from "node:child_process";
import { X509Certificate, randomBytes } from "node:crypto";
import * as https from "node:https";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { login, runCell, spawnServer, startKernel, type Student } from "../../src/cli/hub/client";
import { ROOT, freePort, launchChromium } from "./jupyterlab";
import { screenshot } from "./extension-helpers";

const isRoot = process.platform === "linux" && process.getuid?.() === 0;
const DLAB = join(ROOT, "src", "bin", "dlab.js");
const KERNEL_MB = 1024;

function dlab(...args: string[]) {
  return spawnSync(process.execPath, [DLAB, "hub", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 150_000,
  });
}

/** Pids whose environment carries this hub's state folder, or owned by one of `uids`. */
function hubProcesses(state: string, uids: number[]): string[] {
  const found: string[] = [];
  for (const pid of readdirNumeric("/proc")) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, "latin1");
      const uid = statSync(`/proc/${pid}`).uid;
      if (env.includes(`DLAB_HUB_STATE=${state}\0`) || uids.includes(uid))
        found.push(
          `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ").slice(0, 100)}`,
        );
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Resident memory of all processes of `uid`, MB. */
function rssMB(uid: number): number {
  let kb = 0;
  for (const pid of readdirNumeric("/proc")) {
    try {
      if (statSync(`/proc/${pid}`).uid !== uid) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

function readdirNumeric(dir: string): number[] {
  return spawnSync("ls", [dir], { encoding: "utf8" })
    .stdout.split("\n")
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((p) => p !== process.pid);
}

function uidOf(user: string): number {
  const uid = Number(spawnSync("id", ["-u", user], { encoding: "utf8" }).stdout.trim() || NaN);
  if (!(uid >= 1000)) throw new Error(`${user} is not a student's Unix user (uid ${uid})`);
  return uid;
}

// The code cells of lab 01, as shipped.
function lab01Code(): string[] {
  const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", "01-perceptron.ipynb"), "utf8"));
  return nb.cells
    .filter((c: { cell_type: string }) => c.cell_type === "code")
    .map((c: { source: string[] | string }) => ([] as string[]).concat(c.source).join(""));
}

// Stored outputs of lab 01's first two code cells: the backend line and a worked neuron.
function lab01Cells(): { code: string; output: string }[] {
  const nb = JSON.parse(readFileSync(join(ROOT, "notebooks", "01-perceptron.ipynb"), "utf8"));
  const cells = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").slice(0, 2);
  return cells.map((c: { source: string[] | string; outputs: { text?: string[] | string }[] }) => ({
    code: ([] as string[]).concat(c.source).join(""),
    output: ([] as string[]).concat(c.outputs[0]?.text ?? []).join(""),
  }));
}

describe.skipIf(!isRoot)(
  "dlab hub: a class of three on 127.0.0.1 (skipped unless root on Linux: it creates Unix users)",
  () => {
    const tag = randomBytes(3).toString("hex");
    const names = ["a", "b", "c"].map((n) => `t${tag}${n}`);
    // Made in beforeAll, so that a run filtered to other tests leaves no folder behind.
    let scratch = "";
    let state = "";
    let homes = "";
    let base = "";
    let classPassword = "";
    let adminPassword = "";
    let students: Student[] = [];
    const kernels: string[] = [];
    let stopped = false;

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), "dlab-hub-"));
      state = join(scratch, "state");
      homes = join(scratch, "homes");
      // The students' servers read the state folder (class kernelspec) and their homes sit here.
      chmodSync(scratch, 0o711);
      spawnSync("mkdir", ["-p", "-m", "755", homes]);
      const port = await freePort();
      const res = dlab(
        "--port",
        String(port),
        "--state",
        state,
        "--homes",
        homes,
        "--memory",
        String(KERNEL_MB),
      );
      expect(res.status, res.stdout + res.stderr).toBe(0);
      base = /running at (\S+)/.exec(res.stdout)?.[1] ?? "";
      classPassword = /class password\s+(\S+)/.exec(res.stdout)?.[1] ?? "";
      adminPassword = /\(admin\): lecturer \+ (\S+)/.exec(res.stdout)?.[1] ?? "";
      expect(base).toBe(`http://127.0.0.1:${port}`);
      // The lecturer's hidden checks are closed to the students, who can read the rest of the checkout.
      for (const f of readdirSync(join(ROOT, "notebooks")).filter((x) => x.endsWith(".hidden.ts")))
        expect(statSync(join(ROOT, "notebooks", f)).mode & 0o077, f).toBe(0);
    }, 180_000);

    let failed = false;
    afterEach(({ task }) => {
      failed ||= task.result?.state === "fail";
    });

    afterAll(() => {
      const log = join(state, "hub.log");
      if (failed && existsSync(log)) console.log(readFileSync(log, "utf8").split("\n").slice(-60).join("\n"));
      if (!stopped) dlab("stop", "--state", state);
      for (const n of [...names, "lecturer"])
        spawnSync("userdel", ["--remove", `dlab-${n}`], { encoding: "utf8" });
      rmSync(scratch, { recursive: true, force: true });
    }, 120_000);

    it("turns a wrong password away and lets each student in with the class password", async () => {
      await expect(login(base, names[0], "not-the-password")).rejects.toThrow(/refused/);
      students = await Promise.all(names.map((n) => login(base, n, classPassword)));
      expect(students.map((s) => s.name)).toEqual(names);
    });

    it("starts each student's server as their own Unix user, with a private home and the labs", async () => {
      const seconds = await Promise.all(students.map((s) => spawnServer(s)));
      console.log(`hub test: servers ready after ${seconds.map((s) => s.toFixed(1)).join(", ")} s`);
      for (const n of names) {
        const home = join(homes, `dlab-${n}`);
        expect(statSync(home).mode & 0o777).toBe(0o700);
        expect(statSync(home).uid).toBe(uidOf(`dlab-${n}`));
        expect(existsSync(join(home, "labs", "01-perceptron.ipynb"))).toBe(true);
        const procs = hubProcesses(state, [uidOf(`dlab-${n}`)]).filter((p) =>
          p.includes("jupyterhub.singleuser"),
        );
        expect(procs.length, `servers of dlab-${n}`).toBeGreaterThan(0);
      }
    }, 300_000);

    it("runs lab 01's first cells in the dlab kernel of each student, as stored", async () => {
      const cells = lab01Cells();
      for (const s of students) kernels.push(await startKernel(s));
      await Promise.all(
        students.map(async (s, i) => {
          for (const cell of cells) {
            const r = await runCell(base, s, kernels[i], cell.code);
            expect(r.status, r.error).toBe("ok");
            // The worked neuron is deterministic; the backend line names the class kernels' backend.
            // The class kernels run on wasm (the hub's default --backend); the worked neuron as stored.
            if (cell.code.includes('from "dlab"')) expect(r.stdout).toMatch(/^dlab backend: wasm: /);
            else expect(r.stdout.split("\n")[0]).toBe(cell.output.split("\n")[0]);
          }
        }),
      );
      // What one student costs (server + kernel, resident), for the README's sizing rule.
      const mb = names.map((n) => rssMB(uidOf(`dlab-${n}`)));
      console.log(
        `hub test: memory per student after lab 01's first cells: ${mb.map((m) => m.toFixed(0)).join(", ")} MB`,
      );
    }, 300_000);

    it("keeps each student out of another's files and kernels", async () => {
      const [a, b] = students;
      const bLab = join(homes, `dlab-${b.name}`, "labs", "01-perceptron.ipynb");
      const read = await runCell(
        base,
        a,
        kernels[0],
        `require("fs").readFileSync(${JSON.stringify(bLab)}, "utf8").length`,
      );
      expect(read.status).toBe("error");
      expect(read.error).toMatch(/EACCES/);
      // Through the hub: B's server turns A's token away, for files and for kernels.
      const files = await a.fetch(`/user/${b.name}/api/contents/labs`);
      expect(files.status).toBe(403);
      const kill = await a.fetch(`/user/${b.name}/api/kernels/${kernels[1]}`, { method: "DELETE" });
      expect(kill.status).toBe(403);
      await expect(runCell(base, a, kernels[1], "1 + 1", 30_000, b.name)).rejects.toThrow(/403/);
      // The hub does not even admit that B exists to A (404), let alone stop B's server.
      const stop = await a.fetch(`/hub/api/users/${b.name}/server`, { method: "DELETE" });
      expect([403, 404]).toContain(stop.status);
      expect((await (await b.fetch(`/hub/api/users/${b.name}`)).json()).servers[""].ready).toBe(true);
      const still = (await (await b.fetch(`/user/${b.name}/api/kernels`)).json()) as { id: string }[];
      expect(still.map((k) => k.id)).toContain(kernels[1]);
    }, 120_000);

    it("shows the lecturer, and only the lecturer, each student's checks live (class view)", async () => {
      const [a, b, c] = students;
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
        const view = "/services/dlab-class/?lab=01-perceptron";
        await page.goto(`${base}/hub/login?next=${encodeURIComponent(view)}`);
        await page.fill("#username_input", "lecturer");
        await page.fill("#password_input", adminPassword);
        await Promise.all([page.waitForURL(`**${view}`, { timeout: 60_000 }), page.click("#login_submit")]);
        const td = (s: Student, ex: string) => `tr[data-student="${s.name}"] td[data-exercise="${ex}"]`;
        await page.waitForSelector(td(c, "activation derivatives"), { timeout: 30_000 }).catch(async (e) => {
          await screenshot(page, "hub-class-view-failed");
          throw new Error(
            `${(e as Error).message}\n${page.url()}\n${(await page.textContent("body"))?.slice(0, 500)}`,
          );
        });
        expect(await page.textContent(td(a, "activation derivatives"))).toBe("·");

        // A: the lab's own function and check cells (right); B: a stub (not yet).
        const code = lab01Code();
        const fnCell = code.find((x) => x.includes("function activationDerivatives")) as string;
        const checkCell = code.find((x) => x.includes("dl.check.activationDerivatives")) as string;
        expect((await runCell(base, a, kernels[0], fnCell)).status).toBe("ok");
        expect((await runCell(base, a, kernels[0], checkCell)).stdout).toMatch(/✔/);
        let t0 = Date.now();
        await page.waitForFunction(
          (sel) => document.querySelector(sel)?.textContent === "✔",
          td(a, "activation derivatives"),
          {
            timeout: 5_000,
          },
        );
        const seenA = (Date.now() - t0) / 1000;
        const wrong = await runCell(
          base,
          b,
          kernels[1],
          "await dl.check.activationDerivatives((() => undefined) as any);",
        );
        expect(wrong.stdout).toMatch(/✘/);
        t0 = Date.now();
        await page.waitForFunction(
          (sel) => document.querySelector(sel)?.textContent === "✘ (1)",
          td(b, "activation derivatives"),
          {
            timeout: 5_000,
          },
        );
        console.log(
          `hub test: class view showed the checks after ${seenA.toFixed(1)} s and ${((Date.now() - t0) / 1000).toFixed(1)} s`,
        );
        expect(await page.textContent("#summary")).toMatch(/activation derivatives: 1 of 3 past; 1 stuck/);
        await screenshot(page, "hub-class-view");
      } finally {
        await browser.close();
      }
      // A student gets nothing from the class service, and only their own row from their server.
      const denied = await a.fetch("/services/dlab-class/api?lab=01-perceptron");
      expect([302, 403]).toContain(denied.status);
      expect(await denied.text()).not.toContain(b.name);
      const own = (await (await a.fetch(`/user/${a.name}/dlab/class/api?lab=01-perceptron`)).json()) as {
        students: { student: string }[];
      };
      expect(own.students.map((r) => r.student)).toEqual([a.name]);
      expect((await a.fetch(`/user/${b.name}/dlab/class/api?lab=01-perceptron`)).status).toBe(403);
      // B's records are B's alone on disk too.
      const bRecords = join(homes, `dlab-${b.name}`, ".dlab", "records", "01-perceptron.jsonl");
      expect(statSync(bRecords).uid).toBe(uidOf(`dlab-${b.name}`));
      expect(statSync(bRecords).mode & 0o777).toBe(0o600);
    }, 240_000);

    it("collects every student's lab for grading: the copy handed in, else the working copy", async () => {
      const [a] = students;
      const submitted = await a.fetch(`/user/${a.name}/dlab/submit`, {
        method: "POST",
        body: JSON.stringify({ path: "labs/01-perceptron.ipynb" }),
      });
      expect(submitted.status, await submitted.clone().text()).toBe(200);
      const out = join(scratch, "collected");
      const res = spawnSync(
        process.execPath,
        [DLAB, "collect", "01-perceptron", "--state", state, "--out", out],
        {
          encoding: "utf8",
        },
      );
      expect(res.status, res.stderr).toBe(0);
      expect(res.stdout).toMatch(
        /3 of 3 students' 01-perceptron .*\(1 handed in, 2 working copies, 0 missing/,
      );
      const [folder] = readdirSync(out);
      expect(statSync(join(out, folder)).mode & 0o777).toBe(0o700);
      const manifest = readFileSync(join(out, folder, "manifest.csv"), "utf8")
        .trim()
        .split("\n");
      expect(manifest[0]).toBe("student,source,time");
      expect(manifest.find((l) => l.startsWith(`${a.name},`))).toMatch(/,submitted,\d{4}-/);
      for (const n of names) expect(existsSync(join(out, folder, n, "01-perceptron.ipynb"))).toBe(true);
    }, 120_000);

    it("limits each student's kernels, and caps each kernel's memory", async () => {
      const [a] = students;
      // The class allows 2 kernels per student; A has one, so one more, then a refusal that says why.
      const second = await startKernel(a, "labs/02-backprop.ipynb");
      const third = await a.fetch(`/user/${a.name}/api/kernels`, {
        method: "POST",
        body: JSON.stringify({ name: "dlab" }),
      });
      expect(third.status).toBe(403);
      expect(await third.text()).toMatch(/at most 2 kernels per student/);
      expect((await a.fetch(`/user/${a.name}/api/kernels/${second}`, { method: "DELETE" })).status).toBe(204);
      const limits = await runCell(
        base,
        a,
        kernels[0],
        `console.log(require("fs").readFileSync("/proc/self/limits", "utf8"))`,
      );
      const data = /Max data size\s+(\d+)\s+(\d+)/.exec(limits.stdout);
      expect(data?.slice(1).map(Number)).toEqual([KERNEL_MB * 1024 * 1024, KERNEL_MB * 1024 * 1024]);
    }, 120_000);

    it("a cell that allocates without bound stops at the cap; the other students carry on", async () => {
      const [a, b, c] = students;
      const t0 = Date.now();
      const hog = await runCell(
        base,
        c,
        kernels[2],
        "const hog = []; while (true) hog.push(new Float64Array(1e7));",
        120_000,
      );
      const seconds = (Date.now() - t0) / 1000;
      // Either the allocation fails inside the cell or the kernel dies; never anyone else's.
      expect(
        hog.status === "dead" || /allocation failed|out of memory/i.test(hog.error ?? ""),
        JSON.stringify(hog),
      ).toBe(true);
      console.log(
        `hub test: the unbounded cell stopped after ${seconds.toFixed(1)} s: ${hog.status} ${hog.error ?? ""}`,
      );
      for (const [s, k] of [
        [a, kernels[0]],
        [b, kernels[1]],
      ] as const) {
        const r = await runCell(base, s, k, "console.log(6 * 7)", 30_000);
        expect(r.stdout.trim()).toBe("42");
      }
      for (const s of [a, b, c])
        expect((await (await s.fetch(`/hub/api/users/${s.name}`)).json()).servers[""].ready).toBe(true);
    }, 180_000);

    it("a cell that fills the V8 heap loses only its own kernel", async () => {
      const [a, b, c] = students;
      const t0 = Date.now();
      const hog = await runCell(
        base,
        c,
        kernels[2],
        "const heap = []; while (true) heap.push(new Array(1e5).fill(Math.random()));",
        120_000,
      );
      console.log(
        `hub test: the heap-filling cell ended after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${hog.status} ${hog.error ?? ""}`,
      );
      expect(hog.status === "dead" || /heap|memory/i.test(hog.error ?? ""), JSON.stringify(hog)).toBe(true);
      for (const [s, k] of [
        [a, kernels[0]],
        [b, kernels[1]],
      ] as const) {
        expect((await runCell(base, s, k, "console.log(6 * 7)", 30_000)).stdout.trim()).toBe("42");
      }
      expect((await (await c.fetch(`/hub/api/users/${c.name}`)).json()).servers[""].ready).toBe(true);
    }, 180_000);

    it("never overwrites a student's edits when their server starts again", async () => {
      const [a] = students;
      const lab = join(homes, `dlab-${a.name}`, "labs", "01-perceptron.ipynb");
      writeFileSync(lab, '{"edited": true}');
      expect((await a.fetch(`/hub/api/users/${a.name}/server`, { method: "DELETE" })).status).toBeLessThan(
        300,
      );
      for (let i = 0; i < 60; i++) {
        const user = (await (await a.fetch(`/hub/api/users/${a.name}`)).json()) as {
          servers: Record<string, unknown>;
        };
        if (!user.servers[""]) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await spawnServer(a);
      expect(readFileSync(lab, "utf8")).toBe('{"edited": true}');
    }, 180_000);

    it("`dlab hub stop` ends the hub, the proxy, every server and kernel", () => {
      const uids = names.map((n) => uidOf(`dlab-${n}`));
      expect(hubProcesses(state, uids).length).toBeGreaterThan(3);
      const res = dlab("stop", "--state", state);
      stopped = true;
      expect(res.status, res.stderr).toBe(0);
      expect(hubProcesses(state, uids)).toEqual([]);
    }, 120_000);
  },
);

describe.skipIf(process.platform !== "linux")("dlab hub --simple: one Unix user, said out loud", () => {
  const scratch = mkdtempSync(join(tmpdir(), "dlab-hub-simple-"));
  const state = join(scratch, "state");

  afterAll(() => {
    dlab("stop", "--state", state);
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it("says there is no isolation, runs a student's kernel in a home under the state folder, and stops", async () => {
    const port = await freePort();
    const res = dlab("--simple", "--port", String(port), "--state", state);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/NO isolation between students — for trying it out/);
    const base = /running at (\S+)/.exec(res.stdout)?.[1] ?? "";
    const student = await login(base, "zoe", /class password\s+(\S+)/.exec(res.stdout)?.[1] ?? "");
    await spawnServer(student);
    const kernel = await startKernel(student);
    const r = await runCell(base, student, kernel, "console.log(process.cwd())");
    expect(r.stdout.trim()).toBe(join(state, "homes", "zoe", "labs"));
    // The hub dies without cleaning up (kill -9): `dlab hub stop` still ends what it had started,
    // its services included (they run with an environment of their own).
    const hubPid = Number(readFileSync(join(state, "dlab-hub.pid"), "utf8").trim());
    const children = spawnSync("pgrep", ["-P", String(hubPid)], { encoding: "utf8" })
      .stdout.split("\n")
      .filter(Boolean)
      .map(Number);
    const services = children.filter((pid) =>
      /jupyterhub_idle_culler|dlab_class_service/.test(readFileSync(`/proc/${pid}/cmdline`, "latin1")),
    );
    expect(services.length).toBe(2);
    process.kill(hubPid, "SIGKILL");
    expect(dlab("stop", "--state", state).status).toBe(0);
    for (const pid of services)
      expect(
        existsSync(`/proc/${pid}`) && !/ Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8")),
        `service ${pid}`,
      ).toBe(false);
    expect(hubProcesses(state, [])).toEqual([]);
  }, 180_000);

  it("stops a server left idle past --cull-minutes and keeps its files", async () => {
    const port = await freePort();
    const cullState = join(scratch, "cull-state");
    const res = dlab("--simple", "--port", String(port), "--state", cullState, "--cull-minutes", "1");
    try {
      expect(res.status, res.stdout + res.stderr).toBe(0);
      const base = /running at (\S+)/.exec(res.stdout)?.[1] ?? "";
      const s = await login(base, "idle", /class password\s+(\S+)/.exec(res.stdout)?.[1] ?? "");
      await spawnServer(s);
      const mine = join(cullState, "homes", "idle", "labs", "mine.txt");
      writeFileSync(mine, "kept");
      const t0 = Date.now();
      let culled = false;
      // Idle for a minute; the culler looks every 15 s.
      while (!culled && Date.now() - t0 < 150_000) {
        await new Promise((r) => setTimeout(r, 5000));
        const user = (await (await s.fetch(`/hub/api/users/${s.name}`)).json()) as {
          servers: Record<string, unknown>;
        };
        culled = !user.servers[""];
      }
      console.log(`hub test: the idle server was stopped after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      expect(culled).toBe(true);
      expect(readFileSync(mine, "utf8")).toBe("kept");
    } finally {
      expect(dlab("stop", "--state", cullState).status).toBe(0);
    }
  }, 240_000);

  it("with --auth native: a sign-up page (NativeAuthenticator), and no way in without an account", async () => {
    const port = await freePort();
    const nativeState = join(scratch, "native-state");
    const res = dlab("--simple", "--port", String(port), "--state", nativeState, "--auth", "native");
    try {
      expect(res.status, res.stdout + res.stderr).toBe(0);
      const base = /running at (\S+)/.exec(res.stdout)?.[1] ?? "";
      const signup = await fetch(`${base}/hub/signup`);
      expect(signup.status).toBe(200);
      expect(await signup.text()).toMatch(/sign ?up/i);
      // Nobody has an account yet: the class password of shared mode does not exist here.
      await expect(login(base, "nina", "any-password-1")).rejects.toThrow(/refused/);
    } finally {
      expect(dlab("stop", "--state", nativeState).status).toBe(0);
    }
  }, 120_000);

  it.skipIf(!existsSync("/usr/bin/openssl"))(
    "serves HTTPS with the certificate it is given, and only HTTPS",
    async () => {
      const cert = join(scratch, "cert.pem");
      const key = join(scratch, "key.pem");
      const made = spawnSync(
        "/usr/bin/openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
          "-addext",
          "subjectAltName=IP:127.0.0.1",
          "-keyout",
          key,
          "-out",
          cert,
        ]),
        { encoding: "utf8" },
      );
      expect(made.status, made.stderr).toBe(0);
      const port = await freePort();
      const tlsState = join(scratch, "tls-state");
      const res = dlab("--simple", "--port", String(port), "--state", tlsState, "--cert", cert, "--key", key);
      try {
        expect(res.status, res.stdout + res.stderr).toBe(0);
        expect(res.stdout).toContain(`running at https://127.0.0.1:${port}`);
        // The login page over TLS, verified against exactly this certificate.
        const page = await new Promise<{ status: number; fingerprint: string }>((resolve, reject) => {
          const req = https.get(
            `https://127.0.0.1:${port}/hub/login`,
            { ca: readFileSync(cert), servername: "127.0.0.1" },
            (r) => {
              const fingerprint = (r.socket as import("node:tls").TLSSocket).getPeerCertificate()
                .fingerprint256;
              r.resume();
              r.on("end", () => resolve({ status: r.statusCode ?? 0, fingerprint }));
            },
          );
          req.on("error", reject);
        });
        expect(page.status).toBe(200);
        expect(page.fingerprint).toBe(new X509Certificate(readFileSync(cert)).fingerprint256);
        // Plain HTTP on the same port gets no login page.
        const plain = await fetch(`http://127.0.0.1:${port}/hub/login`).then(
          (r) => r.status,
          () => "refused",
        );
        expect(plain).not.toBe(200);
      } finally {
        expect(dlab("stop", "--state", tlsState).status).toBe(0);
      }
    },
    180_000,
  );
});
