/** The backend report: which tfjs backend dlab chose, and why each faster one was passed over. */
import * as os from "node:os";
import { inspect } from "node:util";
import { nativeBuild, type NativeBuild } from "./native-build";
import { adapterName, type AdapterInfo } from "./webgpu";

/**
 * The tfjs backends dlab knows, fastest first (exported as `dl.BACKENDS`).
 * @example
 * dl.BACKENDS; // ["tensorflow", "webgpu", "wasm", "cpu"]
 */
export const ORDER = ["tensorflow", "webgpu", "wasm", "cpu"] as const;

/** A tfjs backend name dlab can choose. */
export type BackendName = (typeof ORDER)[number];

/** One backend dlab tried. */
export interface Attempt {
  /** The backend. */
  name: BackendName;
  /** Whether it works here. */
  ok: boolean;
  /** Why it was passed over, or what it offers when it works. */
  why: string;
  /** What would enable it ("" when it works). */
  hint: string;
}

/** Which backend dlab set, and why. */
export interface BackendReport {
  /** The backend now set in tfjs. */
  name: BackendName;
  /** Why this one, in a sentence. */
  reason: string;
  /** The backends tried, in order; the last one is the chosen one. */
  tried: Attempt[];
  /** The GPU adapter in use (webgpu only). */
  adapter?: AdapterInfo;
  /** Every adapter Dawn found, usable or not. */
  adapters?: AdapterInfo[];
  /** Memory of the machine, and of the adapter when there is one (MB). */
  memory: { totalMB: number; freeMB: number; adapterMaxBufferMB?: number };
  /** TensorFlow's threads (tensorflow only; TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS set them). */
  threads?: { intra: number; inter: number; chosen: boolean };
  /** The native backend's build (cpu or cuda) and whether TensorFlow uses a GPU (tensorflow only). */
  native?: NativeBuild;
  /** True when chosen by DLAB_BACKEND or `force`. */
  forced: boolean;
  /** The report's first line, for a lab's first cell (`dlab backend: wasm: …`); `toString()` has the rest. */
  summary: string;
  /** The report as text, as printed by `npx dlab doctor`. */
  toString(): string;
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Build a report with its text form. */
export function makeReport(fields: Omit<BackendReport, "toString" | "memory" | "summary">): BackendReport {
  const memory: BackendReport["memory"] = { totalMB: mb(os.totalmem()), freeMB: mb(os.freemem()) };
  if (fields.adapter) memory.adapterMaxBufferMB = mb(fields.adapter.maxBufferSize);
  const native = fields.native ?? (fields.name === "tensorflow" ? nativeBuild() : undefined);
  const report = { ...fields, ...(native ? { native } : {}), memory } as BackendReport;
  // a getter: backendFor rewrites `reason` after the report is made
  Object.defineProperty(report, "summary", {
    get: () => `dlab backend: ${report.name}: ${report.reason}`,
    enumerable: false,
  });
  const text = () => formatReport(report);
  Object.defineProperty(report, "toString", { value: text, enumerable: false });
  // tslab and the Node REPL print the last value with util.inspect: show the readable text there
  Object.defineProperty(report, inspect.custom, { value: text, enumerable: false });
  return report;
}

/** The native build in a line: which wheel's libraries, and where TensorFlow runs its ops. */
function buildLine(n: NativeBuild): string {
  const cuda = n.cudaLibraries.length ? `; ${n.cudaLibraries.join(", ")}` : "";
  if (n.build === "cuda")
    return n.gpu
      ? `cuda (the tensorflow wheel with NVIDIA's CUDA 12 libraries): ops run on the GPU, its memory allowed to grow${cuda}`
      : "cuda (the tensorflow wheel with NVIDIA's CUDA 12 libraries), but TensorFlow found no GPU: ops run on the CPU (`nvidia-smi` shows whether the driver sees one)";
  const skipped = n.cudaSkipped ? ` (the cuda build was skipped: ${n.cudaSkipped})` : "";
  if (n.build === "cpu") return `cpu (the tensorflow-cpu wheel)${skipped}`;
  return `${n.library || "a libtensorflow not from the set-up"}: ops run on the ${n.gpu ? "GPU" : "CPU"}${cuda}`;
}

/**
 * The report as lines of text (what `String(report)` and `npx dlab doctor` print).
 * @example
 * console.log(dl.formatReport(await dl.backend()));
 */
export function formatReport(r: BackendReport): string {
  const lines = [`dlab backend: ${r.name}: ${r.reason}`]; // r.summary
  for (const a of r.tried) {
    lines.push(`  ${a.ok ? "✓" : "✗"} ${a.name.padEnd(10)} ${a.why}`);
    if (a.hint) lines.push(`    ${" ".repeat(10)} to enable: ${a.hint}`);
  }
  const rest = ORDER.slice(ORDER.indexOf(r.name) + 1);
  if (rest.length) lines.push(`  · ${rest.join(", ")}: not needed (slower)`);
  for (const a of r.adapters ?? []) {
    lines.push(`  adapter: ${adapterName(a)}${a.software ? " [software, not a GPU]" : ""}`);
  }
  if (r.native) lines.push(`  build: ${buildLine(r.native)}`);
  if (r.threads) {
    const how = r.threads.chosen
      ? "chosen for this machine"
      : "from TF_NUM_INTRAOP_THREADS/TF_NUM_INTEROP_THREADS";
    lines.push(`  threads: ${r.threads.intra} intra-op, ${r.threads.inter} inter-op (${how})`);
  }
  const m = r.memory;
  lines.push(
    `  memory: ${m.freeMB} MB free of ${m.totalMB} MB${m.adapterMaxBufferMB ? `; adapter buffers up to ${m.adapterMaxBufferMB} MB` : ""}`,
  );
  if (r.forced) lines.push(`  (forced by DLAB_BACKEND or { force }; unset it to let dlab choose)`);
  return lines.join("\n");
}
