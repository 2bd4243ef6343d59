/** Helpers the lab self-checks share: tolerant comparison and reading one number from a student's function. */
import { attempt, NotYet, numbers } from "../check/core";

/** True when `a` is finite and within `tol` (relative, with an absolute floor of `tol`) of `b`. */
export const close = (a: number, b: number, tol = 1e-6): boolean =>
  Number.isFinite(a) && Math.abs(a - b) <= tol * (1 + Math.abs(b));

/** Call the student's function and read a plain number out of it. */
export async function num(what: string, fn: () => unknown): Promise<number> {
  const n = await numbers(what, await attempt(what, fn));
  if (n.values.length !== 1) throw new NotYet(`${what} should be one number, got ${n.values.length}`);
  return n.values[0];
}
