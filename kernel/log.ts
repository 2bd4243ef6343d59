/**
 * The kernel's own log: the real stderr of the process, which Jupyter's server log shows.
 * Cells' stdout/stderr are redirected to IOPub (streams.ts); this log never goes there.
 */

const realStderrWrite = process.stderr.write.bind(process.stderr);
const realStdoutWrite = process.stdout.write.bind(process.stdout);

/** Write one line to the kernel log (never to a notebook). @example logKernel("started") */
export function logKernel(line: string): void {
  realStderrWrite(`[dlab kernel] ${line}\n`);
}

/** The process's original stdout/stderr writers, saved before streams.ts redirects them. */
export const realWrite = { stdout: realStdoutWrite, stderr: realStderrWrite };
