// The request handlers with a real tslab runner and a recording stand-in for the sockets
// (the real sockets are covered by tests/integration/kernel-*.test.ts).
import { afterAll, describe, expect, it } from "vitest";
import { CommRegistry } from "../../kernel/comms";
import { Kernel } from "../../kernel/kernel";
import { CellRuntime, sharedFlags } from "../../kernel/interrupts";
import { Runner } from "../../kernel/runner";
import { Message, newHeader } from "../../kernel/wire";

type Sent = { kind: "publish" | "reply"; type: string; content: any; parent?: string };

function setup() {
  const sent: Sent[] = [];
  const ch = {
    publish: (type: string, content: any, parent: any) =>
      sent.push({ kind: "publish", type, content, parent: parent?.msg_id }),
    reply: (_c: string, parent: Message, type: string, content: any) =>
      sent.push({ kind: "reply", type, content, parent: parent.header.msg_id }),
  };
  const comms = new CommRegistry((t, c) => ch.publish(t, c, {}));
  const kernel = new Kernel(ch as any, runner, comms, async () => {});
  return { sent, kernel };
}

function request(type: string, content: Record<string, any>): Message {
  return {
    identities: [],
    header: newHeader(type, "client"),
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}

const until = async (cond: () => boolean) => {
  // Up to 30 s: the first cell starts the compiler thread, slow on a busy 2-core machine.
  for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

const runner = new Runner(process.cwd(), new CellRuntime(sharedFlags(), () => {}));
afterAll(() => runner.close());

describe("Kernel handlers", () => {
  it(
    "brackets an execute with busy/idle: execute_input, execute_result, reply",
    { timeout: 40_000 },
    async () => {
      const { sent, kernel } = setup();
      const req = request("execute_request", { code: "const q = 20; q + 1" });
      kernel.onShell(req);
      await until(() => sent.some((s) => s.type === "status" && s.content.execution_state === "idle"));
      expect(sent.map((s) => `${s.kind}:${s.type}`)).toEqual([
        "publish:status",
        "publish:execute_input",
        "publish:execute_result",
        "reply:execute_reply",
        "publish:status",
      ]);
      expect(sent.every((s) => s.parent === req.header.msg_id)).toBe(true);
      expect(sent[2].content).toEqual({ execution_count: 1, data: { "text/plain": "21" }, metadata: {} });
    },
  );

  it("aborts executes queued behind an error only with stop_on_error", async () => {
    for (const stop of [true, false]) {
      const { sent, kernel } = setup();
      const reqs = ["throw new Error('x')", "1", "2"].map((code) =>
        request("execute_request", { code, stop_on_error: stop }),
      );
      reqs.forEach((r) => kernel.onShell(r));
      await until(() => sent.filter((s) => s.type === "execute_reply").length === 3);
      const statuses = sent.filter((s) => s.type === "execute_reply").map((s) => s.content.status);
      expect(statuses).toEqual(stop ? ["error", "aborted", "aborted"] : ["error", "ok", "ok"]);
    }
  });

  it("replies to kernel_info, is_complete and history, and answers an unknown type with an error reply", async () => {
    const { sent, kernel } = setup();
    kernel.onShell(request("kernel_info_request", {}));
    kernel.onShell(request("is_complete_request", { code: "if (a) {" }));
    kernel.onShell(request("history_request", { hist_access_type: "tail", n: 5 }));
    kernel.onShell(request("no_such_request", {}));
    await until(() => sent.filter((s) => s.type === "status").length === 8);
    const replies = sent.filter((s) => s.kind === "reply");
    expect(replies.map((s) => s.type)).toEqual([
      "kernel_info_reply",
      "is_complete_reply",
      "history_reply",
      "no_such_reply",
    ]);
    expect(replies[0].content).toMatchObject({ status: "ok", language_info: { name: "typescript" } });
    expect(replies[1].content).toEqual({ status: "incomplete", indent: "  " });
    expect(replies[2].content).toEqual({ status: "ok", history: [] });
    expect(replies[3].content).toMatchObject({
      status: "error",
      ename: "NotImplementedError",
      evalue: 'the dlab kernel does not handle "no_such_request" messages on the shell channel',
    });
  });
});
