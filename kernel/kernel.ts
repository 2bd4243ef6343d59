/**
 * Dispatch of shell and control requests. Shell requests run one at a time, in order; control
 * requests (shutdown, interrupt) are answered at once, even while a cell runs. Every request is
 * bracketed by `busy` and `idle` on IOPub.
 */
import type { Channels, InChannel } from "./channels";
import { CommRegistry } from "./comms";
import { abortAll, currentStore, runningContext } from "./context";
import { abortExecute, execute, ExecuteDeps } from "./execute";
import * as handlers from "./handlers";
import { History } from "./history";
import { StdinNotImplementedError, type IoToMain } from "./io";
import { logKernel } from "./log";
import { errorContent, replyType, RequestError, unknownRequest } from "./request-error";
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
  /** Requests already answered, so a handler that throws afterwards is not answered twice. */
  private readonly replied = new WeakSet<Message>();

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

  /**
   * What the io thread passes on (io-thread.ts): an interrupt it already replied to (the flag is
   * set; act on it now unless the running cell's tick already did), or a control request.
   * @example new Channels(info, session, flags, (m) => kernel.onIo(m))
   */
  onIo(m: IoToMain): void {
    if (m.type === "interrupt") {
      this.ch.publish("status", { execution_state: "busy" }, m.message.header);
      this.deps.runner.runtime.takeInterrupt();
      this.ch.publish("status", { execution_state: "idle" }, m.message.header);
    } else if (m.type === "control") {
      void this.dispatch("control", m.message);
    } else if (m.type === "orphaned") {
      logKernel("the process that started this kernel is gone; shutting down");
      void this.onShutdown(false);
    } else if (m.type === "refused") {
      logKernel(`refused ${m.message.header.msg_type} on control`);
    }
  }

  /**
   * Interrupt: abort the signals of the running cell and of background work earlier cells left
   * (their code stops at its next tick, interrupts.ts), and end the running cell now.
   * @example kernel.interrupt()
   */
  interrupt(): void {
    abortAll();
    this.deps.runner.runtime.aborted();
    this.deps.runner.interrupt();
  }

  /**
   * prompt() in a cell: an input_request to the frontend that sent the running cell, answered
   * on stdin; StdinNotImplementedError when that request did not allow stdin.
   * @example kernel.prompt("Your name: ")
   */
  prompt(message = "", defaultValue?: string): string {
    const text = String(message) + (defaultValue !== undefined ? ` [${defaultValue}]` : "");
    const answer = this.ask(text, false);
    return answer === "" && defaultValue !== undefined ? String(defaultValue) : answer;
  }

  /**
   * Send input_request to the frontend that sent the cell running now (or the one whose code
   * runs now) and block until it answers. @example kernel.ask("Password: ", true)
   */
  ask(prompt: string, password: boolean): string {
    const request = (currentStore() ?? runningContext())?.request;
    if (!request || request.content.allow_stdin !== true) throw new StdinNotImplementedError();
    return this.ch.input(request, prompt, password, () => this.deps.runner.runtime.takeInterrupt());
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

  /**
   * Handle one request between busy and idle. Never rejects, so the shell queue behind it keeps
   * moving; a handler that throws gets an error reply instead of silence.
   */
  private async dispatch(channel: InChannel, msg: Message): Promise<void> {
    guarded(() => this.ch.publish("status", { execution_state: "busy" }, msg.header));
    try {
      await this.handle(channel, msg);
    } catch (err) {
      const type = msg.header.msg_type;
      logKernel(
        `${type} failed: ${err instanceof RequestError ? err.message : ((err as Error).stack ?? err)}`,
      );
      // execute.ts sends its reply as its last step, so an execute that threw has not replied.
      if (!this.replied.has(msg) && !type.endsWith("_reply")) {
        guarded(() => this.ch.reply(channel, msg, replyType(type), errorContent(err)));
      }
    } finally {
      guarded(() => this.ch.publish("status", { execution_state: "idle" }, msg.header));
    }
  }

  private async handle(channel: InChannel, msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    const c = msg.content;
    const reply = (content: object) => {
      this.replied.add(msg);
      this.ch.reply(channel, msg, replyType(type), content);
    };
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
        return reply(await handlers.complete(this.deps, c));
      case "inspect_request":
        return reply(await handlers.inspect(this.deps, c));
      case "is_complete_request":
        return reply(await handlers.isCompleteReply(this.deps, c));
      case "history_request":
        return reply(handlers.history(this.deps, c));
      case "comm_info_request":
        return reply(handlers.commInfo(this.deps, c));
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        // Comm messages have no reply in the protocol: a failing handler is logged, as ipykernel does.
        try {
          return this.deps.comms.handle(msg.header, c);
        } catch (err) {
          return logKernel(`${type} handler failed: ${(err as Error).stack ?? err}`);
        }
      case "interrupt_request":
        this.interrupt();
        return reply({ status: "ok" });
      case "shutdown_request": {
        const restart = c.restart === true;
        reply({ status: "ok", restart });
        return this.onShutdown(restart);
      }
      default:
        // A reply sent to the kernel answers nothing it asked: note it, answer nothing.
        if (type.endsWith("_reply")) return logKernel(`ignored a ${type} on ${channel}`);
        throw unknownRequest(type, channel);
    }
  }
}

/** Run a send; a message that cannot be encoded is logged, and the caller goes on. */
function guarded(send: () => void): void {
  try {
    send();
  } catch (err) {
    logKernel(`could not send: ${(err as Error).message ?? err}`);
  }
}
