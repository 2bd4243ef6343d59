/**
 * What a gradient check returns and how it reads: the types, the relative error, the text.
 */
/** Nested arrays of numbers (any rank). */
export type Nested = number | Nested[];

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** The same loss in float64 JS numbers, on params as nested arrays. Without it, differences are float32 (~1e-3 at best). */
  f64?: (params: Record<string, Nested>) => number;
  /** Finite-difference step. Defaults to 1e-6 (float64) or 1e-2 (float32). */
  eps?: number;
  /** Largest relative error that passes. Defaults to 1e-4 (float64 reference) or 3e-2 (float32). */
  tol?: number;
  /** Readable name per parameter, e.g. { W2: "layer 2 weights (dW2)" }. Defaults to the key. */
  labels?: Record<string, string>;
  /** What to look at when a parameter's gradient is wrong, e.g. { W2: "check δ for layer 2" }. */
  hints?: Record<string, string>;
  /** Entries per tensor probed by finite differences (seeded sample). Defaults to 200. */
  maxEntries?: number;
  /** Print the text. Defaults to false. */
  print?: boolean;
}

/** The verdict for one parameter tensor. */
export interface TensorCheck {
  name: string;
  label: string;
  shape: number[];
  /** ‖g − autodiff‖ / max(‖g‖, ‖autodiff‖). */
  relErrorAutodiff: number;
  /** The same against central differences (on the probed entries). */
  relErrorFD: number;
  ok: boolean;
  /** What to look at when it is wrong (from `opts.hints`). */
  hint?: string;
}

/** Result of {@link gradcheck}: per-tensor errors, the wrong ones named, and a readable text. */
export interface GradcheckResult {
  ok: boolean;
  tensors: TensorCheck[];
  /** Names of the tensors whose gradient is wrong (empty when ok). */
  wrong: string[];
  /** "float64" when `f64` was given, else "float32". */
  reference: "float64" | "float32";
  text: string;
}

/**
 * ‖a − b‖ / max(‖a‖, ‖b‖) over the given entries (absolute when both are ~0).
 * @example
 * relError([1, 2], [1, 2.002]); // ≈ 9e-4
 */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>, idx?: number[]): number {
  let d = 0;
  let na = 0;
  let nb = 0;
  const pick = idx ?? Array.from({ length: a.length }, (_, i) => i);
  for (const i of pick) {
    d += (a[i] - b[i]) ** 2;
    na += a[i] ** 2;
    nb += b[i] ** 2;
  }
  const scale = Math.max(Math.sqrt(na), Math.sqrt(nb));
  if (!Number.isFinite(d)) return Infinity;
  return scale < 1e-10 ? Math.sqrt(d) : Math.sqrt(d) / scale;
}

function fmtErr(e: number): string {
  return Number.isFinite(e) ? e.toPrecision(2) : String(e);
}

/**
 * The readable text: a head line, then one line per tensor with its errors and, when wrong, its hint.
 * @example
 * describeResult([{ name: "w", label: "w", shape: [2], relErrorAutodiff: 0, relErrorFD: 1e-9, ok: true }], "float64", 1e-4, {});
 */
export function describeResult(
  tensors: TensorCheck[],
  reference: string,
  tol: number,
  hints: Record<string, string>,
): string {
  const bad = tensors.filter((t) => !t.ok);
  const lines = tensors.map(
    (t) =>
      `${t.ok ? "✔" : "✘"} ${t.label}: relative error ${fmtErr(Math.max(t.relErrorAutodiff, t.relErrorFD))} (autodiff ${fmtErr(t.relErrorAutodiff)}, ${reference} differences ${fmtErr(t.relErrorFD)})${!t.ok && hints[t.name] ? ` — ${hints[t.name]}` : ""}`,
  );
  const head =
    bad.length === 0
      ? `✔ gradcheck: all ${tensors.length} gradients agree (tolerance ${tol})`
      : `✘ gradcheck: ${bad.map((t) => t.label).join(", ")} ${bad.length === 1 ? "is" : "are"} wrong (tolerance ${tol})`;
  const note =
    reference === "float32"
      ? "\n  (float32 differences only reach ~1e-3: pass opts.f64 for a tight check)"
      : "";
  return [head, ...lines.map((l) => "  " + l)].join("\n") + note;
}
