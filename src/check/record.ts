/**
 * Check records: every `dl.check…` result is also appended, as one JSON line, to a file in the
 * student's home, so the lecturer's class view and `dlab grade` can read who is where without
 * parsing notebook output. A record holds the lab, the check's name, right or not yet, the hint
 * shown (when not yet) and the time — never code, values or answers.
 *
 *     {"v":1,"lab":"02-backprop","check":"binary cross-entropy","ok":true,"time":"2026-11-30T09:38:47.692Z"}
 *
 * Where: `$DLAB_RECORDS` when set (`off` writes nothing), else `~/.dlab/records/<lab>.jsonl`
 * (folder 0700, file 0600). The lab is `$DLAB_LAB`, else the notebook's name without `.ipynb`
 * from `$JPY_SESSION_NAME` (jupyter_server sets it to the notebook's path for its kernel), else
 * "unknown". Writing never breaks or slows a check: any error is swallowed.
 *
 * @example
 * import { readRecords, recordsFile } from "./record";
 * for (const r of readRecords(recordsFile("02-backprop"))) console.log(r.check, r.ok);
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One line of a records file. */
export interface CheckRecord {
  /** Format version: 1. */
  v: 1;
  /** The lab: the notebook's file name without `.ipynb`, e.g. "02-backprop". */
  lab: string;
  /** The check's name as it reported itself, e.g. "binary cross-entropy". */
  check: string;
  /** Right (true) or not yet (false). */
  ok: boolean;
  /** When, ISO 8601 (UTC). */
  time: string;
  /** Present (true) for an instructor's hidden check. */
  hidden?: true;
  /** The hint shown with a "not yet" (never the answer); absent when right. */
  hint?: string;
}

// Taken when dlab loads, before any notebook code runs: a cell that replaces fs.appendFileSync or
// JSON.stringify later does not change what a check writes.
const append = fs.appendFileSync;
const mkdir = fs.mkdirSync;
const stringify = JSON.stringify;

/** The lab a kernel runs: `$DLAB_LAB`, else the notebook named by `$JPY_SESSION_NAME`, else "unknown". */
export function labId(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DLAB_LAB) return env.DLAB_LAB;
  const session = env.JPY_SESSION_NAME;
  if (!session) return "unknown";
  return path.basename(session.replace(/\\/g, "/")).replace(/\.ipynb$/i, "") || "unknown";
}

/**
 * The records file of a lab: `$DLAB_RECORDS` when set, else `~/.dlab/records/<lab>.jsonl`;
 * null when `DLAB_RECORDS=off`.
 * @example
 * recordsFile("02-backprop"); // "/home/ana/.dlab/records/02-backprop.jsonl"
 */
export function recordsFile(lab: string = labId(), env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DLAB_RECORDS === "off") return null;
  if (env.DLAB_RECORDS) return env.DLAB_RECORDS;
  const safe = lab.replace(/[^\w.-]/g, "_").replace(/^\.+/, "_");
  return path.join(os.homedir(), ".dlab", "records", `${safe}.jsonl`);
}

/** Build the record line of one check result (without the newline). */
export function recordLine(
  check: string,
  ok: boolean,
  opts: { lab?: string; hidden?: boolean; hint?: string; time?: Date } = {},
): string {
  const rec: CheckRecord = {
    v: 1,
    lab: opts.lab ?? labId(),
    check,
    ok,
    time: (opts.time ?? new Date()).toISOString(),
  };
  if (opts.hidden) rec.hidden = true;
  if (!ok && opts.hint) rec.hint = opts.hint.slice(0, 300);
  return stringify(rec);
}

/**
 * Append one check result to the records file. Never throws: a full disk or a read-only home
 * must not turn a right answer into a crash.
 * @example
 * writeRecord("binary cross-entropy", true);
 */
export function writeRecord(
  check: string,
  ok: boolean,
  opts: { hidden?: boolean; hint?: string } = {},
): void {
  try {
    const lab = labId();
    const file = recordsFile(lab);
    if (!file) return;
    if (!process.env.DLAB_RECORDS) mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    append(file, recordLine(check, ok, { ...opts, lab }) + "\n", { mode: 0o600 });
  } catch {
    // recording is a side note to the check: never its failure
  }
}

function isRecord(v: unknown): v is CheckRecord {
  const r = v as CheckRecord;
  return (
    typeof r === "object" &&
    r !== null &&
    r.v === 1 &&
    typeof r.lab === "string" &&
    typeof r.check === "string" &&
    typeof r.ok === "boolean" &&
    typeof r.time === "string"
  );
}

/**
 * Parse records from a file's text: one record per valid line; blank, broken or foreign lines
 * (a half-written last line, another version) are skipped.
 * @example
 * parseRecords('{"v":1,"lab":"02-backprop","check":"bce","ok":true,"time":"2026-01-01T00:00:00.000Z"}\n');
 */
export function parseRecords(text: string): CheckRecord[] {
  const out: CheckRecord[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isRecord(v)) out.push(v);
    } catch {
      // a line being written right now, or not ours
    }
  }
  return out;
}

/**
 * Read a records file, oldest first; a missing file has no records.
 * @example
 * readRecords(recordsFile("02-backprop")!).filter((r) => !r.ok).length; // attempts not yet right
 */
export function readRecords(file: string): CheckRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return parseRecords(text);
}
