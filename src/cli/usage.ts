/**
 * Mistakes on the `dlab` command line, reported one way by every command: the argument, what was
 * expected and what came (as dl's ArgumentError reads), then the command's usage; exit code 2.
 *
 * @example
 * import { UsageError, reportUsageError } from "./usage";
 * const err = new UsageError("--to", "html, pdf or html,pdf", '"docx"');
 * reportUsageError("handout", err, "usage: dlab handout …\n"); // 2
 */

/** A mistake in the command line: `<argument>: expected <expected>, got <got>[. hint]`. */
export class UsageError extends Error {
  /**
   * @param argument the option or positional at fault, e.g. "--version" or "notebook"
   * @param expected what was expected, in words
   * @param got what came instead, in words (quote values with {@link quoted})
   * @param hint what to try, one sentence (optional)
   */
  constructor(
    readonly argument: string,
    readonly expected: string,
    readonly got: string,
    readonly hint = "",
  ) {
    super(`${argument}: expected ${expected}, got ${got}${hint ? `. ${hint}` : ""}`);
    this.name = "UsageError";
  }
}

/** A command-line value as it appears in a message: in double quotes, escaped. */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/** Print `dlab <command>: <mistake>` and the command's usage on stderr; returns the exit code, 2. */
export function reportUsageError(command: string, err: UsageError, usage: string): number {
  process.stderr.write(`dlab${command ? " " + command : ""}: ${err.message}\n\n${usage}`);
  return 2;
}

/**
 * Run a command's body: a UsageError is reported with the command's usage (exit 2), any other
 * error as one line `dlab <command>: <message>` (exit 1), never a stack.
 * @example
 * return runCommand("collect", COLLECT_USAGE, async () => { …; return 0; });
 */
export async function runCommand(
  command: string,
  usage: string,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) return reportUsageError(command, err, usage);
    process.stderr.write(`dlab ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
