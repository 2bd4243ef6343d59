/**
 * Dispatch of shell and control requests. Shell requests run one at a time, in order; control
 * requests (shutdown, interrupt) are answered at once, even while a cell runs. Every request is
 * bracketed by `busy` and `idle` on IOPub.
 */
import type { Channels, InChannel } from "./channels";
import { CommRegistry } from "./comms";
import { abortAll } from "./context";
import { abortExecute, execute, ExecuteDeps } from "./execute";
import * as handlers from "./handlers";
import { History } from "./history";
import { logKernel } from "./log";
import type { Runner } from "./runner";
import type { Message } from "./wire";

/** Let the receive loops pull in whatever already arrived, so stop_on_error sees it. */
const settle = () => new Promise<void>((r) => setTimeout(r, 5));

/** The protocol state machine of one kernel process. */
export class Kernel {
  readonly history = new History();
  private readonly queue: Message[] = [];
  private pumping = false;
  /** Shell requests received so far; an execute numbered below `abortBelow` is aborted. */
  private received = 0;
  private abortBelow = 0;
  private readonly deps: ExecuteDeps & handlers.HandlerDeps;

  /** @example const k = new Kernel(ch, runner, comms, () => process.exit(0)); ch.listen("shell", k.onShell); */
  constructor(
    private readonly ch: Channels,
    runner: Runner,
    comms: CommRegistry,
    private readonly onShutdown: (restart: boolean) => Promise<void>,
  ) {
    this.deps = { ch, runner, history: this.history, comms, count: { value: 0 } };
  }

  /** Queue a shell request. @example ch.listen("shell", kernel.onShell) */
  readonly onShell = (msg: Message): void => {
    this.queue.push(Object.assign(msg, { seq: this.received++ }));
    if (!this.pumping) void this.pump();
  };

  /** Handle a control request at once. @example ch.listen("control", kernel.onControl) */
  readonly onControl = (msg: Message): void => {
    void this.dispatch("control", msg);
  };

  /**
   * Interrupt: abort the signals of the running cell and of background work earlier cells left,
   * and stop the running cell's awaited work (a synchronous loop stops on SIGINT by itself).
   * @example kernel.interrupt()
   */
  interrupt(): void {
    abortAll();
    this.deps.runner.interrupt();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        await this.dispatch("shell", this.queue.shift() as Message);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async dispatch(channel: InChannel, msg: Message): Promise<void> {
    this.ch.publish("status", { execution_state: "busy" }, msg.header);
    try {
      await this.handle(channel, msg);
    } catch (err) {
      logKernel(`${msg.header.msg_type} failed: ${(err as Error).stack ?? err}`);
    } finally {
      this.ch.publish("status", { execution_state: "idle" }, msg.header);
    }
  }

  private async handle(channel: InChannel, msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    const c = msg.content;
    const reply = (content: object) =>
      this.ch.reply(channel, msg, type.replace(/_request$/, "_reply"), content);
    switch (type) {
      case "execute_request":
        if ((msg as Message & { seq: number }).seq < this.abortBelow) return abortExecute(this.deps, msg);
        await execute(this.deps, msg, async () => {
          if (c.stop_on_error === false) return;
          // Abort what the client sent before it could see this error, nothing after (spec).
          await settle();
          this.abortBelow = this.received;
        });
        return;
      case "kernel_info_request":
        reply(handlers.kernelInfo());
        // The frontend now knows the kernel is up; compile the type checker while it draws.
        setImmediate(() => this.deps.runner.warm());
        return;
      case "complete_request":
        return reply(handlers.complete(this.deps, c));
      case "inspect_request":
        return reply(handlers.inspect(this.deps, c));
      case "is_complete_request":
        return reply(handlers.isCompleteReply(c));
      case "history_request":
        return reply(handlers.history(this.deps, c));
      case "comm_info_request":
        return reply(handlers.commInfo(this.deps, c));
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        return this.deps.comms.handle(msg.header, c);
      case "interrupt_request":
        this.interrupt();
        return reply({ status: "ok" });
      case "shutdown_request": {
        const restart = c.restart === true;
        reply({ status: "ok", restart });
        return this.onShutdown(restart);
      }
      default:
        logKernel(`no handler for ${type}`);
    }
  }
}
