/**
 * Hidden checks: written by the lecturer in `<lab>.hidden.ts` beside the lab (never in this
 * package, never in the student version) and run by `dlab grade` after the student's notebook.
 */
import { NotYet, firstLine, quietly, report, type CheckResult } from "./core";

/** Options of {@link hidden}. */
export interface HiddenOptions {
  /** What the feedback says when it is not right (never the answer). Defaults to a generic hint. */
  hint?: string;
}

/** True when a body's value counts as passed: anything but false or a check result that is not ok. */
function passed(value: unknown): boolean {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => v !== false && (v as { ok?: unknown } | null)?.ok !== false);
}

/**
 * A hidden check: runs `body`, which passes unless it throws or resolves to `false` or to a
 * check result that is not ok (checks called inside are neither printed nor recorded: they are
 * its parts). Prints and records one line, marked hidden; the hint is yours, never the parts'.
 * @example
 * await dl.check.hidden("bce on other inputs", () => dl.check.close("bce", () => bce([1], [0.5]), Math.LN2), { hint: "clip, then average" });
 */
export async function hidden(
  name: string,
  body: () => unknown,
  opts: HiddenOptions = {},
): Promise<CheckResult> {
  const hint = opts.hint ?? "a hidden check with other inputs than the visible one did not pass yet";
  let ok: boolean;
  let why = "";
  try {
    ok = passed(await quietly(body));
  } catch (e) {
    ok = false;
    if (!(e instanceof NotYet)) why = ` (it threw: ${firstLine(e)})`;
  }
  return report(name, ok, hint + why, true, true);
}
