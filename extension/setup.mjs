// Builds the dlab JupyterLab extension and installs it into .venv as a prebuilt extension, the
// way JupyterLab's extension template does: `jupyter-builder build` writes the labextension into
// dlab_extension/labextension, then pip installs the Python package (which ships it as shared
// data, plus the server extension for the lab toolbar). Called by scripts/setup.mjs; skipped
// when nothing the extension is built from changed since the last successful install.
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  SetupError,
  TSC,
  VENV,
  VENV_BIN,
  hashInputs,
  log,
  run,
  stampOk,
  writeStamp,
} from "../scripts/lib.mjs";

const STAMP = "extension";
/** Everything the built extension depends on (paths relative to the repository root). */
const INPUTS = [
  "extension/src",
  "extension/style",
  "extension/dlab_extension",
  "extension/jupyter-config",
  "extension/package.json",
  "extension/tsconfig.json",
  "extension/pyproject.toml",
  "extension/install.json",
  "src/payload.ts",
  "package-lock.json",
];

/** Build and install the extension (see the file comment). */
export function installExtension() {
  const hash = hashInputs(INPUTS);
  const installed = join(VENV, "share", "jupyter", "labextensions", "dlab-extension", "package.json");
  if (stampOk(STAMP, hash) && existsSync(installed)) return;

  const step = (what, cmd, args) => {
    const res = run(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    if (res.status !== 0) {
      process.stderr.write(`${res.stdout ?? ""}${res.stderr ?? ""}`.split("\n").slice(-30).join("\n") + "\n");
      throw new SetupError(`${what} failed (output above); fix it and run \`npm run setup\` again.`);
    }
  };

  log("building the JupyterLab extension (extension/)");
  step("compiling the extension's TypeScript", process.execPath, [TSC, "-b", "extension"]);
  // The core package description of the JupyterLab in .venv: shared packages match it exactly
  // (without it the builder would download one for the newest JupyterLab).
  const where = run(join(VENV_BIN, "python"), [
    "-c",
    "import jupyterlab, os; print(os.path.dirname(jupyterlab.__file__))",
  ]);
  const core = join((where.stdout ?? "").trim(), "staging", "package.json");
  const coreArgs = where.status === 0 && existsSync(core) ? ["--core-package-file", core] : [];
  step("building the labextension", join(VENV_BIN, "jupyter-builder"), ["build", ...coreArgs, "extension"]);

  log("installing the extension into .venv");
  step("installing the extension's Python package", join(VENV_BIN, "python"), [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-deps",
    "--no-build-isolation",
    "--force-reinstall",
    "--quiet",
    "./extension",
  ]);
  const list = run(join(VENV_BIN, "jupyter"), ["labextension", "list"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const listing = `${list.stdout ?? ""}${list.stderr ?? ""}`;
  if (!/dlab-extension v\S+ \S*enabled\S* \S*OK/.test(listing)) {
    process.stderr.write(listing + "\n");
    throw new SetupError(
      "the dlab extension was installed but JupyterLab does not list it as enabled and OK.",
    );
  }
  writeStamp(STAMP, hash);
}
