/**
 * `dlab collect <lab>`: on the class server, as root, copy every student's current copy of a lab
 * into a dated folder for `dlab grade`: the last copy the student handed in with the toolbar's
 * Submit (~/.dlab/submissions/<lab>/), else the working copy in ~/labs. The folder is the lecturer's
 * alone (mode 0700); a manifest.csv says where each copy came from and when.
 *
 * @example
 * // in a terminal, as root on the class server:
 * //   npx dlab collect 02-backprop --out collected
 * //   npx dlab grade 02-backprop collected/02-backprop-2026-11-30T1400
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError, quoted, runCommand } from "../usage";
import { passwd } from "./processes";
import { stateDir, type HubSettings } from "./server";

/** Usage of `dlab collect`. */
export const COLLECT_USAGE = `usage: dlab collect <lab> [--out DIR] [--state DIR]

Copies every student's lab (the last copy handed in with Submit, else the working copy in
~/labs) into DIR/<lab>-<date>/<student>/<lab>.ipynb, with a manifest.csv; for \`dlab grade\`.
Run it as root on the class server (it reads the students' homes).
  <lab>         the lab's name, e.g. 02-backprop (or a path ending in 02-backprop.ipynb)
  --out DIR     where the dated folder is made (default: collected)
  --state DIR   the hub's state folder (default .hub in the checkout)
`;

/** Larger files are not a lab a student wrote: left out, and said so. */
const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;

/** One student's collected copy, as manifest.csv lists it. */
export interface Collected {
  student: string;
  /** "submitted", "working copy" or "missing" (with why). */
  source: string;
  /** When it was handed in, or last saved (ISO 8601); empty when missing. */
  time: string;
}

/** The bytes of `file` if it is a regular file of `uid` (not a link) of a sane size, else why not. */
export function readOwned(file: string, uid: number): Buffer | string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT"
      ? "no such file"
      : `cannot open (${(e as Error).message})`;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return "not a regular file";
    if (st.uid !== uid) return "not the student's own file";
    if (st.size > MAX_NOTEBOOK_BYTES) return `larger than ${MAX_NOTEBOOK_BYTES >> 20} MB`;
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The lab named by `arg` (a name or a path to the notebook). */
export function labName(arg: string): string {
  const name = path.basename(arg).replace(/\.ipynb$/, "");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/.test(name))
    throw new UsageError("lab", "a lab's name such as 02-backprop", quoted(arg));
  return name;
}

/** Collect `lab` from every student of the hub in `state` into `outRoot`; resolves to the folder and the copies. */
export function collectLab(
  lab: string,
  state: string,
  outRoot: string,
  now = new Date(),
): { folder: string; copies: Collected[] } {
  const settingsFile = path.join(state, "settings.json");
  if (!fs.existsSync(settingsFile))
    throw new Error(`no hub was started from ${state} (no settings.json): give its --state`);
  const settings = JSON.parse(fs.readFileSync(settingsFile, "utf8")) as HubSettings;
  const usersFile = path.join(state, "users.txt");
  const unixNames =
    settings.mode === "simple"
      ? []
      : fs.existsSync(usersFile)
        ? [...new Set(fs.readFileSync(usersFile, "utf8").split("\n").filter(Boolean))]
        : [];
  const students =
    settings.mode === "simple"
      ? fs.existsSync(path.join(state, "homes"))
        ? fs.readdirSync(path.join(state, "homes")).map((n) => ({
            student: n,
            home: path.join(state, "homes", n),
            uid: process.getuid?.() ?? 0,
          }))
        : []
      : passwd()
          .filter((u) => unixNames.includes(u.name) && u.uid >= 1000)
          .map((u) => ({ student: u.name.slice(settings.unixPrefix.length), home: u.home, uid: u.uid }));
  const stamp = now.toISOString().slice(0, 16).replace(/:/g, "");
  const folder = path.resolve(outRoot, `${lab}-${stamp}`);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.chmodSync(folder, 0o700);
  const copies: Collected[] = [];
  for (const s of students.sort((a, b) => a.student.localeCompare(b.student))) {
    const handedIn = path.join(s.home, ".dlab", "submissions", lab);
    const submitted = (() => {
      try {
        return fs
          .readdirSync(handedIn)
          .filter((f) => f.endsWith(".ipynb"))
          .sort()
          .reverse();
      } catch {
        return [];
      }
    })();
    let got: Buffer | string = "no such file";
    let source = "working copy";
    let time = "";
    for (const f of submitted) {
      got = readOwned(path.join(handedIn, f), s.uid);
      if (typeof got !== "string") {
        source = "submitted";
        // The file's name is the time it was handed in: 2026-11-30T14-02-11.123456Z.ipynb
        time = f.replace(/\.ipynb$/, "").replace(/T(\d\d)-(\d\d)-(\d\d)/, "T$1:$2:$3");
        break;
      }
    }
    if (typeof got === "string") {
      const working = path.join(s.home, "labs", `${lab}.ipynb`);
      got = readOwned(working, s.uid);
      if (typeof got !== "string") time = fs.statSync(working).mtime.toISOString();
    }
    if (typeof got === "string") {
      copies.push({ student: s.student, source: `missing (${got})`, time: "" });
      continue;
    }
    const dir = path.join(folder, s.student);
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.writeFileSync(path.join(dir, `${lab}.ipynb`), got, { mode: 0o600 });
    copies.push({ student: s.student, source, time });
  }
  const csv = [
    "student,source,time",
    ...copies.map((c) => `${c.student},${c.source.replace(/[,\n]/g, ";")},${c.time}`),
  ];
  fs.writeFileSync(path.join(folder, "manifest.csv"), csv.join("\n") + "\n", { mode: 0o600 });
  return { folder, copies };
}

/** Run `dlab collect …`; resolves to the exit code. */
export async function collectMain(args: string[]): Promise<number> {
  return runCommand("collect", COLLECT_USAGE, async () => {
    let lab: string | undefined;
    let out = "collected";
    let state: string | undefined;
    const rest = [...args];
    while (rest.length > 0) {
      const a = rest.shift() as string;
      if (a === "-h" || a === "--help") {
        process.stdout.write(COLLECT_USAGE);
        return 0;
      }
      if (a === "--out" || a === "--state") {
        const v = rest.shift();
        if (!v || v.startsWith("--"))
          throw new UsageError(a, "a folder", v === undefined ? "nothing" : quoted(v));
        if (a === "--out") out = v;
        else state = v;
      } else if (a.startsWith("--")) throw new UsageError("option", "--out or --state", quoted(a));
      else if (lab === undefined) lab = labName(a);
      else throw new UsageError("lab", "one lab", `a second one, ${quoted(a)}`);
    }
    if (lab === undefined) throw new UsageError("lab", "a lab's name such as 02-backprop", "nothing");
    const { folder, copies } = collectLab(lab, stateDir(state), out);
    const count = (p: (c: Collected) => boolean) => copies.filter(p).length;
    const got = count((c) => !c.source.startsWith("missing"));
    process.stdout.write(
      `dlab collect: ${got} of ${copies.length} students' ${lab} in ${folder} ` +
        `(${count((c) => c.source === "submitted")} handed in, ${count((c) => c.source === "working copy")} working copies, ` +
        `${copies.length - got} missing; see manifest.csv)\n`,
    );
    return 0;
  });
}
