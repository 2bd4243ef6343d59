/**
 * Checks for exercises that need reasoning rather than a formula: a prediction written down before
 * a cell runs and compared with what the run then did (`prediction`), and an open task with a
 * measured target (`target`: "reach ≥ 90 % validation accuracy", "the largest η that converges").
 */
import { attempt, NotYet, run, within, type CheckResult } from "./core";

/** What a prediction may be: a number, or one of a few named choices. */
export type Predicted = number | string | boolean;

/** Options of {@link prediction}. */
export interface PredictionOptions {
  /** For a number: how close counts as right, relative to what happened (default 0.1, i.e. 10 %). */
  rtol?: number;
  /** For a number: absolute slack added to `rtol` (default 0). */
  atol?: number;
  /** For a choice: the answers allowed; anything else is "pick one of …" (the list, not the answer). */
  choices?: readonly Predicted[];
  /** What to say when the prediction was off (never the outcome itself). */
  hint?: string;
  /** Print the line. Defaults to true. */
  print?: boolean;
}

const unset = (v: unknown) =>
  v === undefined || v === null || v === "" || (typeof v === "number" && Number.isNaN(v));

const show = (v: Predicted) => (typeof v === "string" ? JSON.stringify(v) : String(v));

/**
 * Predict-then-run: compare the prediction the student wrote down before running a cell with what the
 * run did. The prediction may be a value or the exercise's function returning it (its stub's error
 * becomes "not yet"). A prediction left empty is "not yet: write down your prediction"; a wrong one gets the
 * hint (which should send the student back to the figure or the reasoning, not give the outcome).
 * @example
 * const myGuess: number = 12; // written before running the training cell
 * await dl.check.prediction("updates until the perceptron stops", myGuess, run.updates, { rtol: 0.5 });
 * await dl.check.prediction("which η diverges", "0.25", "0.25", { choices: ["0.01", "0.12", "0.25"] });
 */
export async function prediction(
  name: string,
  predicted: unknown,
  happened: Predicted | (() => Predicted | Promise<Predicted>),
  opts: PredictionOptions = {},
): Promise<CheckResult> {
  return run(
    name,
    opts.hint ?? "not what happened: look at the run again, and work out why it went the way it did",
    async () => {
      // a function (the exercise's stub) is called: its "not implemented yet" becomes the hint
      const guess =
        typeof predicted === "function"
          ? await attempt("your prediction", predicted as () => unknown)
          : predicted;
      if (unset(guess))
        throw new NotYet("write down your prediction first (replace the placeholder), then run the cell");
      const outcome = typeof happened === "function" ? await happened() : happened;
      if (opts.choices) {
        const allowed = opts.choices.map((c) => String(c).toLowerCase());
        if (!allowed.includes(String(guess).trim().toLowerCase()))
          throw new NotYet(`pick one of ${opts.choices.map(show).join(", ")}; got ${JSON.stringify(guess)}`);
        if (String(guess).trim().toLowerCase() !== String(outcome).toLowerCase()) throw new NotYet("");
        return;
      }
      if (typeof outcome === "number") {
        if (typeof guess !== "number")
          throw new NotYet(`your prediction should be a number, got ${typeof guess}`);
        if (!Number.isFinite(outcome))
          throw new Error(`the run gave ${outcome}, which a prediction cannot be compared with`);
        if (!within(guess, outcome, { rtol: opts.rtol ?? 0.1, atol: opts.atol ?? 0 })) throw new NotYet("");
        return;
      }
      if (typeof guess !== typeof outcome)
        throw new NotYet(`your prediction should be a ${typeof outcome}, got ${typeof guess}`);
      if (guess !== outcome) throw new NotYet("");
    },
    opts.print,
  );
}

/** Options of {@link target}: the bounds a measured result must meet (one or both). */
export interface TargetOptions {
  /** The result must be at least this. */
  atLeast?: number;
  /** The result must be at most this. */
  atMost?: number;
  /** What the number is, for the hint ("validation accuracy"). Defaults to "your result". */
  what?: string;
  /** What to try when the target is not met yet. */
  hint?: string;
  /** Print the line. Defaults to true. */
  print?: boolean;
}

/**
 * An open task with a measured target: right when the student's measured result meets the bounds.
 * The target is part of the exercise's text, so the hint may say how far off the result is.
 * @example
 * await dl.check.target("spiral: ≥ 90 % validation accuracy", valAcc, { atLeast: 0.9, what: "validation accuracy" });
 */
export async function target(name: string, measured: unknown, opts: TargetOptions): Promise<CheckResult> {
  if (opts.atLeast === undefined && opts.atMost === undefined)
    throw new Error(`dl.check.target("${name}"): give atLeast, atMost or both`);
  const what = opts.what ?? "your result";
  return run(
    name,
    opts.hint ?? "not there yet",
    async () => {
      const m = typeof measured === "function" ? await attempt(what, measured as () => unknown) : measured;
      if (unset(m)) throw new NotYet(`${what} is not measured yet: run your experiment and pass its result`);
      if (typeof m !== "number" || !Number.isFinite(m))
        throw new NotYet(`${what} should be a finite number, got ${typeof m === "number" ? m : typeof m}`);
      const tip = opts.hint ? `; ${opts.hint}` : "";
      if (opts.atLeast !== undefined && m < opts.atLeast)
        throw new NotYet(`${what} is ${m.toPrecision(3)}, the target is ≥ ${opts.atLeast}${tip}`);
      if (opts.atMost !== undefined && m > opts.atMost)
        throw new NotYet(`${what} is ${m.toPrecision(3)}, the target is ≤ ${opts.atMost}${tip}`);
    },
    opts.print,
  );
}
