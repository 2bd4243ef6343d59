/**
 * Replies to the requests that do not run code: kernel_info, complete, inspect, is_complete,
 * history, comm_info. Each returns the reply's content.
 */
import type { CommRegistry } from "./comms";
import type { History } from "./history";
import { codePointToUtf16, utf16ToCodePoint } from "./offsets";
import type { Runner } from "./runner";
import { PROTOCOL_VERSION } from "./wire";

/** Everything the handlers read. */
export interface HandlerDeps {
  runner: Runner;
  history: History;
  comms: CommRegistry;
}

/**
 * kernel_info_reply content.
 * @example kernelInfo().language_info.name // → "typescript"
 */
export function kernelInfo(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsVersion: string = require("@tslab/typescript-for-tslab/package.json").version;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const own: string = require("../package.json").version;
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "dlab",
    implementation_version: own,
    language_info: {
      name: "typescript",
      version: tsVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      // JupyterLab picks its TypeScript highlighting from this.
      codemirror_mode: { name: "javascript", typescript: true },
    },
    banner: `dlab: TypeScript ${tsVersion} on Node ${process.version}, for deep-learning labs`,
    help_links: [],
    debugger: false,
  };
}

/** complete_reply content; positions are code points on the wire. @example await complete(deps, {code: "Math.a", cursor_pos: 6}) */
export async function complete(deps: HandlerDeps, c: Record<string, any>): Promise<Record<string, unknown>> {
  const code = String(c.code ?? "");
  const pos = codePointToUtf16(code, Number.isInteger(c.cursor_pos) ? c.cursor_pos : [...code].length);
  const info = await deps.runner.complete(code, pos);
  return {
    status: "ok",
    matches: info.candidates,
    cursor_start: utf16ToCodePoint(code, info.start),
    cursor_end: utf16ToCodePoint(code, info.end),
    metadata: {},
  };
}

/** inspect_reply content. @example (await inspect(deps, {code: "Math.max", cursor_pos: 6})).found // → true */
export async function inspect(deps: HandlerDeps, c: Record<string, any>): Promise<Record<string, unknown>> {
  const code = String(c.code ?? "");
  const pos = codePointToUtf16(code, Number.isInteger(c.cursor_pos) ? c.cursor_pos : [...code].length);
  const text = await deps.runner.inspect(code, pos);
  return text
    ? { status: "ok", found: true, data: { "text/plain": text }, metadata: {} }
    : { status: "ok", found: false, data: {}, metadata: {} };
}

/** is_complete_reply content. @example (await isCompleteReply(deps, {code: "if (x) {"})).status // → "incomplete" */
export async function isCompleteReply(
  deps: HandlerDeps,
  c: Record<string, any>,
): Promise<Record<string, unknown>> {
  return { ...(await deps.runner.isComplete(String(c.code ?? ""))) };
}

/** history_reply content. @example history(deps, {hist_access_type: "tail", n: 1}) */
export function history(deps: HandlerDeps, c: Record<string, any>): Record<string, unknown> {
  return { status: "ok", history: deps.history.query(c) };
}

/** comm_info_reply content. @example commInfo(deps, {}).comms // → {} */
export function commInfo(deps: HandlerDeps, c: Record<string, any>): Record<string, unknown> {
  return {
    status: "ok",
    comms: deps.comms.info(typeof c.target_name === "string" ? c.target_name : undefined),
  };
}
