/** The error dlab throws for bad data: it names the argument, what was expected and what came. */

/**
 * A mistake in the data given to a dlab function. The fields let code (and tests) act on it.
 * @example
 * try { dl.data.validateArrays([[1, 2]], [0, 1]); } catch (e) { if (e instanceof dl.data.DataError) console.log(e.argument, e.index); }
 */
export class DataError extends Error {
  /** The argument at fault, e.g. "y". */
  readonly argument: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** What came instead, in words. */
  readonly got: string;
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
    const where = index === null ? "" : ` (first offending index ${index})`;
    super(
      `${fn}: argument "${argument}": expected ${expected}, got ${got}${where}.${hint ? " " + hint : ""}`,
    );
    this.name = "DataError";
    this.argument = argument;
    this.expected = expected;
    this.got = got;
    this.index = index;
  }
}
