/**
 * `npx dlab doctor`: which tfjs backend dlab will use here, why each faster one was passed over,
 * and what would enable it. Exits 0 whatever the backends do: it diagnoses, it does not judge
 * (2 only for a mistake on the command line).
 */
import { backend } from "../backend";
import { UsageError, quoted, reportUsageError } from "./usage";

const HELP = `usage: dlab doctor [--json]

Prints which tfjs backend dlab chooses on this machine (tensorflow › webgpu › wasm › cpu),
why each faster one was passed over and what would enable it.
  --json   the report as JSON
Environment: DLAB_BACKEND=cpu|wasm|webgpu|tensorflow forces one; TF_NUM_INTRAOP_THREADS and
TF_NUM_INTEROP_THREADS, when set, replace the threads dlab chooses for the native backend;
TF_FORCE_GPU_ALLOW_GROWTH defaults to true so the native GPU backend does not take all GPU memory.
The native backend is built by \`npm run setup\` against the PyPI tensorflow-cpu wheel.
`;

/**
 * Print the backend report; resolves to the exit code (0, also when a forced backend fails; 2 for an unknown option).
 * @example
 * // in a terminal: npx dlab doctor
 * await doctorMain([]);
 */
export async function doctorMain(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(HELP);
    return 0;
  }
  const unknown = args.find((a) => a !== "--json");
  if (unknown !== undefined)
    return reportUsageError("doctor", new UsageError("option", "--json or --help", quoted(unknown)), HELP);
  try {
    const report = await backend();
    process.stdout.write(
      args.includes("--json") ? JSON.stringify(report, null, 2) + "\n" : String(report) + "\n",
    );
  } catch (e) {
    process.stdout.write(`dlab doctor: ${(e as Error).message}\n`);
  }
  return 0;
}
