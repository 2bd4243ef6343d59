/**
 * execute_request: execute_input, the run itself in its own {@link ExecContext}, then
 * execute_result or error, and the reply. `store_history: false` (or `silent`) does not
 * advance the execution count.
 */
import { inspect as utilInspect } from "node:util";
import { SHOWN_IN_KEY } from "dlab/dist/bridge";
import type { Channels } from "./channels";
import { newContext, runIn } from "./context";
import type { History } from "./history";
import { describeError, INTERRUPT_ENAME, Outcome, Runner } from "./runner";
import type { Message } from "./wire";

/** State shared by successive executions. */
export interface ExecuteDeps {
  ch: Channels;
  runner: Runner;
  history: History;
  /** The last execution count given out. */
  count: { value: number };
}

/**
 * Run one execute_request and reply. Resolves to true when it ended in an error (or interrupt);
 * `beforeErrorReply` runs before the error reply is sent (stop_on_error marks the queue there).
 * @example const failed = await execute(deps, msg);
 */
export async function execute(
  deps: ExecuteDeps,
  msg: Message,
  beforeErrorReply: () => Promise<void> = async () => {},
): Promise<boolean> {
  const { ch, runner, history } = deps;
  const c = msg.content;
  const code = typeof c.code === "string" ? c.code : "";
  const silent = c.silent === true;
  const store = !silent && c.store_history !== false;
  if (store) deps.count.value++;
  const count = deps.count.value;
  if (!silent) ch.publish("execute_input", { code, execution_count: count }, msg.header);
  if (store) history.add(count, code);

  const ctx = newContext(msg.header, msg);
  let outcome: Outcome;
  try {
    outcome = await runIn(ctx, () => runner.execute(code));
  } catch (err) {
    outcome = describeError(err); // tslab itself failed; report it like a cell error
  }
  if (outcome.status === "error") {
    // Drop whatever the interrupted or failed cell's leftover async work prints later.
    if (outcome.ename === INTERRUPT_ENAME) ctx.controller.abort();
    const { ename, evalue, traceback } = outcome;
    ch.publish("error", { ename, evalue, traceback }, msg.header);
    await beforeErrorReply();
    ch.reply("shell", msg, "execute_reply", {
      status: "error",
      execution_count: count,
      ename,
      evalue,
      traceback,
    });
    return true;
  }
  for (const w of outcome.warnings) ch.publish("stream", { name: "stderr", text: `${w}\n` }, msg.header);
  if (outcome.hasValue && !silent && !shownBy(outcome.value, ctx.controller.signal)) {
    const text = formatValue(outcome.value);
    ch.publish(
      "execute_result",
      { execution_count: count, data: { "text/plain": text }, metadata: {} },
      msg.header,
    );
    if (store) history.setOutput(count, text);
  }
  ch.reply("shell", msg, "execute_reply", {
    status: "ok",
    execution_count: count,
    payload: [],
    user_expressions: {},
  });
  return false;
}

/** True when the value was displayed by the cell that returned it (see SHOWN_IN_KEY in dlab's bridge). */
function shownBy(value: unknown, signal: AbortSignal): boolean {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[SHOWN_IN_KEY] === signal
  );
}

/**
 * The text/plain of a cell's value, as Node's REPL shows it.
 * @example formatValue(42) // → "42"; formatValue("a") // → "'a'"
 */
export function formatValue(value: unknown): string {
  return utilInspect(value, { colors: false, depth: 4, maxArrayLength: 100 });
}

/**
 * Reply to an execute_request that is skipped because an earlier one failed (stop_on_error).
 * @example abortExecute(deps, msg);
 */
export function abortExecute(deps: ExecuteDeps, msg: Message): void {
  deps.ch.reply("shell", msg, "execute_reply", { status: "aborted", execution_count: deps.count.value });
}
