/** The error dlab throws for bad data: an ArgumentError that also names the first offending sample. */
import { ArgumentError } from "../errors";

/**
 * A mistake in the data given to a dlab function. The fields let code (and tests) act on it.
 * @example
 * try { dl.data.validateArrays([[1, 2]], [0, 1]); } catch (e) { if (e instanceof dl.data.DataError) console.log(e.argument, e.index); }
 */
export class DataError extends ArgumentError {
  /** The first offending sample index, or null when the fault is not at one sample (e.g. empty data). */
  readonly index: number | null;

  constructor(
    fn: string,
    argument: string,
    expected: string,
    got: string,
    index: number | null = null,
    hint = "",
  ) {
    super(fn, argument, expected, got, hint, index === null ? "" : ` (first offending index ${index})`);
    this.name = "DataError";
    this.index = index;
  }
}
