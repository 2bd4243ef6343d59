/**
 * Command-line arguments of `dlab handout` and `dlab student`, checked up front so that a
 * mistake is reported with the argument's name, what was expected and what came.
 *
 * @example
 * import { parseHandoutArgs } from "./args";
 * parseHandoutArgs(["a.ipynb", "--version", "student", "--to", "pdf", "--out", "out"]);
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError, quoted } from "../usage";

/** Which notebook the handout shows. */
export type Version = "student" | "instructor";
/** Which files a handout is written as. */
export type Format = "html" | "pdf";

/** Every version, in the order `--help` lists them. */
export const VERSIONS: readonly Version[] = ["student", "instructor"];
/** Every format. */
export const FORMATS: readonly Format[] = ["html", "pdf"];

/** What `dlab handout` was asked to do. */
export interface HandoutArgs {
  notebooks: string[];
  /** Defaults to "student": a forgotten flag never hands out solutions. */
  version: Version;
  /** Defaults to both html and pdf. */
  to: Format[];
  /** Defaults to "handouts". */
  out: string;
  /** Run each notebook before export (`--execute`). Defaults to false: a notebook is shown as saved. */
  execute: boolean;
  /** Kernel a notebook is run in with `--execute`. Defaults to "dlab", whatever the notebook names. */
  kernel?: string;
  /** Time limit of one cell with `--execute`, in seconds. Defaults to 300. */
  cellTimeoutS?: number;
  help: boolean;
}

/** Longest per-cell time limit `--cell-timeout` accepts (one hour). */
export const MAX_CELL_TIMEOUT_S = 3600;

/** What `dlab student` was asked to do. */
export interface StudentArgs {
  notebooks: string[];
  out: string;
  help: boolean;
}

/** Split argv into `--flag value` pairs (also `--flag=value`), switches (`--flag`, no value) and positionals. */
export function split(
  argv: string[],
  flags: readonly string[],
  switches: readonly string[] = [],
): { values: Map<string, string>; on: Set<string>; rest: string[]; help: boolean } {
  const values = new Map<string, string>();
  const on = new Set<string>();
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (switches.includes(name)) {
        if (inline !== undefined) throw new UsageError(`--${name}`, "no value", quoted(inline));
        on.add(name);
        continue;
      }
      if (!flags.includes(name))
        throw new UsageError("option", expectedOptions([...flags, ...switches]), quoted(`--${name}`));
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith("--")))
        throw new UsageError(`--${name}`, "a value", value === undefined ? "nothing" : `the option ${value}`);
      values.set(name, value);
    } else rest.push(arg);
  }
  return { values, on, rest, help };
}

/** "one of --a, --b or --c" (or "none besides --help"): the options a command takes, for a message. */
function expectedOptions(flags: readonly string[]): string {
  const names = flags.map((f) => "--" + f);
  if (names.length === 0) return "none besides --help";
  if (names.length === 1) return names[0];
  return `one of ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Check every notebook argument is an existing .ipynb file. */
function checkNotebooks(files: string[]): string[] {
  for (const f of files) {
    if (!f.toLowerCase().endsWith(".ipynb")) throw new UsageError("notebook", "a .ipynb file", quoted(f));
    if (!fs.existsSync(f) || !fs.statSync(f).isFile())
      throw new UsageError("notebook", "an existing .ipynb file", `${quoted(f)}, which does not exist`);
  }
  return files;
}

/** A folder argument as its notebooks, or a file argument checked as a notebook. */
function expandNotebooks(arg: string): string[] {
  if (!fs.existsSync(arg) || !fs.statSync(arg).isDirectory()) return checkNotebooks([arg]);
  const found = notebooksIn(arg);
  if (found.length === 0)
    throw new UsageError("folder", "a folder with .ipynb files in it", `${quoted(arg)}, which has none`);
  return found;
}

/** `--kernel` and `--cell-timeout`, which only mean something with `--execute`. */
function executeOptions(
  values: Map<string, string>,
  execute: boolean,
): Pick<HandoutArgs, "kernel" | "cellTimeoutS"> {
  for (const name of ["kernel", "cell-timeout"]) {
    if (values.has(name) && !execute)
      throw new UsageError(
        `--${name}`,
        "to come with --execute",
        "no --execute",
        "A notebook is only run when asked: add --execute",
      );
  }
  const kernel = values.get("kernel");
  if (kernel !== undefined && !/^[\w.-]+$/.test(kernel))
    throw new UsageError("--kernel", "a kernel name (letters, digits, . _ -)", quoted(kernel));
  const timeout = values.get("cell-timeout");
  const seconds = Number(timeout);
  if (timeout !== undefined && !(Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_CELL_TIMEOUT_S))
    throw new UsageError("--cell-timeout", `whole seconds from 1 to ${MAX_CELL_TIMEOUT_S}`, quoted(timeout));
  return { kernel, cellTimeoutS: timeout === undefined ? undefined : seconds };
}

/** Parse `dlab handout <notebook…> [--version V] [--to html,pdf] [--out DIR] [--execute [--kernel NAME] [--cell-timeout S]]`. */
export function parseHandoutArgs(argv: string[]): HandoutArgs {
  const { values, on, rest, help } = split(
    argv,
    ["version", "to", "out", "kernel", "cell-timeout"],
    ["execute"],
  );
  const version = values.get("version") ?? "student";
  if (!VERSIONS.includes(version as Version))
    throw new UsageError("--version", '"student" or "instructor"', quoted(version));
  const to = (values.get("to") ?? "html,pdf")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const badFormat = to.find((f) => !FORMATS.includes(f as Format));
  if (badFormat !== undefined || to.length === 0)
    throw new UsageError("--to", "html, pdf or html,pdf", quoted(values.get("to") ?? ""));
  const out = values.get("out") ?? "handouts";
  const execute = on.has("execute");
  if (help) return { notebooks: rest, version: version as Version, to: to as Format[], out, execute, help };
  if (rest.length === 0)
    throw new UsageError(
      "notebook",
      "one or more .ipynb files",
      "none",
      "For example: dlab handout notebooks/01-perceptron.ipynb",
    );
  return {
    notebooks: checkNotebooks(rest),
    version: version as Version,
    to: [...new Set(to)] as Format[],
    out,
    execute,
    ...executeOptions(values, execute),
    help,
  };
}

/** The .ipynb files directly inside a folder (sorted; checkpoints and hidden files skipped). */
export function notebooksIn(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => path.join(folder, f));
}

/** Parse `dlab student <folder | notebook…> --out DIR`. */
export function parseStudentArgs(argv: string[]): StudentArgs {
  const { values, rest, help } = split(argv, ["out"]);
  const out = values.get("out") ?? "";
  if (help) return { notebooks: rest, out, help };
  if (rest.length === 0)
    throw new UsageError(
      "folder",
      "a folder of notebooks (or .ipynb files)",
      "none",
      "For example: dlab student notebooks --out student",
    );
  if (out === "") throw new UsageError("--out", "the folder to write the student notebooks into", "nothing");
  return { notebooks: rest.flatMap(expandNotebooks), out, help };
}

/** What `dlab images` was asked to do. */
export interface ImagesArgs {
  notebooks: string[];
  help: boolean;
}

/** Parse `dlab images <notebook.ipynb | folder…>`. */
export function parseImagesArgs(argv: string[]): ImagesArgs {
  const { rest, help } = split(argv, []);
  if (help) return { notebooks: rest, help };
  if (rest.length === 0)
    throw new UsageError(
      "notebook",
      ".ipynb files (or folders of them)",
      "none",
      "For example: dlab images notebooks/*.ipynb",
    );
  const notebooks = rest.flatMap(expandNotebooks);
  // the same file named twice (a folder and a glob) is drawn once
  const seen = new Set<string>();
  return {
    notebooks: notebooks.filter((f) => !seen.has(path.resolve(f)) && seen.add(path.resolve(f))),
    help,
  };
}
