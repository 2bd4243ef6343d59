/**
 * Which execution produced an output. Each execute_request gets an {@link ExecContext}; the cell
 * runs inside `AsyncLocalStorage.run`, so its timers and promise callbacks keep that context.
 * Output is routed to the request that produced it, and output of an interrupted
 * execution's leftover async work is dropped instead of landing in a later cell.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Header, Message } from "./wire";

/** One execute request in flight (or finished, while its async work lives on). */
export interface ExecContext {
  /** The execute_request's header: the parent of every output. */
  readonly parent: Header;
  /** Aborted when the user interrupts this execution. */
  readonly controller: AbortController;
  /** The execute_request itself (prompt() answers to the frontend that sent it). */
  readonly request?: Message;
}

const storage = new AsyncLocalStorage<ExecContext>();
let running: ExecContext | undefined;
let last: ExecContext | undefined;
/** Recent executions whose background work may still run (bounded; oldest forgotten first). */
const live = new Set<ExecContext>();
const LIVE_LIMIT = 1000;

/**
 * A fresh context for an execute_request.
 * @example const ctx = newContext(req.header);
 */
export function newContext(parent: Header, request?: Message): ExecContext {
  const ctx = { parent, controller: new AbortController(), request };
  if (live.size >= LIVE_LIMIT) live.delete(live.values().next().value as ExecContext);
  live.add(ctx);
  return ctx;
}

/**
 * Interrupt: abort the running execution and every recent one, so work a finished cell left
 * running in the background (a loop it did not await) stops too, and its output is dropped.
 * @example abortAll();
 */
export function abortAll(): void {
  for (const ctx of live) ctx.controller.abort();
  live.clear();
}

/**
 * Run `fn` as the execution `ctx`: everything it schedules keeps `ctx`.
 * @example await runIn(ctx, () => runner.execute(code));
 */
export async function runIn<T>(ctx: ExecContext, fn: () => Promise<T>): Promise<T> {
  running = ctx;
  last = ctx;
  try {
    return await storage.run(ctx, fn);
  } finally {
    running = undefined;
  }
}

/**
 * The execution an output belongs to: the one that scheduled the running code, else the one
 * running now, else the last one (like ipykernel, late output of a finished cell goes to it).
 * @example const ctx = currentContext();
 */
export function currentContext(): ExecContext | undefined {
  return storage.getStore() ?? running ?? last;
}

/**
 * The execution whose code (or callback of it) is running now, from async context only.
 * @example currentStore()?.controller.signal.aborted
 */
export function currentStore(): ExecContext | undefined {
  return storage.getStore();
}

/**
 * The execution running now, if any.
 * @example runningContext()?.parent.msg_id
 */
export function runningContext(): ExecContext | undefined {
  return running;
}

/** Whether output from this context must be dropped. @example if (isDropped(ctx)) return; */
export function isDropped(ctx: ExecContext): boolean {
  return ctx.controller.signal.aborted;
}
