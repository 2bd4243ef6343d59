#!/usr/bin/env node
/**
 * The `dlab` command (`npx dlab …`): a small dispatcher; each command lives in its own module.
 *
 * @example
 * // in a terminal:
 * //   npx dlab doctor
 * //   npx dlab handout notebooks/01-perceptron.ipynb --version student --to html,pdf --out handouts
 */

import { UsageError, quoted, reportUsageError } from "./usage";

const USAGE = `usage: dlab <command> [options]

commands:
  doctor                       which tfjs backend dlab will use, and why the faster ones were passed over
  handout <notebook…> [opts]   student/instructor handouts as HTML and PDF
  student <folder> --out DIR   write the student versions of the notebooks (solutions replaced by stubs)
  images <notebook…>           store a PNG next to every dlab figure, for viewers without the extension
  hub [stop] [opts]            a JupyterHub for the class room (as root on a Linux server)
  grade <lab> <submissions…>   run and grade submissions: grades.csv and feedback per student
  validate <notebook>          what a grade would see of your notebook, before you hand it in
  collect <lab> [--out DIR]    on the class hub: every student's copy of a lab, for grading
  help                         this text
`;

/** Run the `dlab` command line with the given arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "doctor":
      return (await import("./doctor")).doctorMain(rest);
    case "handout":
    case "student":
    case "images":
      return (await import("./handout/cli")).handoutMain(command, rest);
    case "hub":
      return (await import("./hub")).hubMain(rest);
    case "grade":
    case "validate":
      return (await import("./grade")).gradeMain(command, rest);
    case "collect":
      return (await import("./hub/collect")).collectMain(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return 0;
    default: {
      const commands = "doctor, handout, student, images, hub, collect, grade, validate or help";
      return reportUsageError("", new UsageError("command", commands, quoted(command)), USAGE);
    }
  }
}

/** Run the command line and exit with its code; an unexpected error prints one line, not a stack. */
export function run(argv: string[] = process.argv.slice(2)): void {
  main(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`dlab: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) run();
