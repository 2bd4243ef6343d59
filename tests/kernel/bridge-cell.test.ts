// The bridge's cell(): which cell an execution runs, so dl.train can keep a cell's earlier runs.
import { describe, expect, it } from "vitest";
import { cellOf, createBridge } from "../../kernel/bridge";
import { CommRegistry } from "../../kernel/comms";
import { newContext, runIn } from "../../kernel/context";
import { newHeader, type Message } from "../../kernel/wire";

/** An execute_request as a frontend sends it. */
function request(code: string, metadata: Record<string, unknown> = {}): Message {
  const header = newHeader("execute_request", "s");
  return { identities: [], header, parent_header: {}, metadata, content: { code }, buffers: [] };
}

describe("bridge.cell()", () => {
  it("names the cell by JupyterLab's cellId, the same on every execution, the execution by its msg_id", () => {
    const a = request("train()", { cellId: "3f1c" });
    const b = request("train(); // edited", { cellId: "3f1c" });
    const [ca, cb] = [cellOf(newContext(a.header, a)), cellOf(newContext(b.header, b))];
    expect(ca.id).toBe("cell:3f1c");
    expect(cb.id).toBe(ca.id);
    expect(ca.execution).toBe(a.header.msg_id);
    expect(cb.execution).not.toBe(ca.execution);
  });

  it("without a cellId (other frontends), the same code is the same cell", () => {
    const [a, b] = [request("train()"), request("train()")];
    expect(cellOf(newContext(a.header, a)).id).toBe(cellOf(newContext(b.header, b)).id);
    const c = request("train(2)");
    expect(cellOf(newContext(c.header, c)).id).not.toBe(cellOf(newContext(a.header, a)).id);
  });

  it("is what the bridge reports inside an execution, and undefined outside one", async () => {
    const bridge = createBridge(
      () => {},
      {} as CommRegistry,
      () => "",
    );
    expect(bridge.cell!()).toBeUndefined();
    const r = request("x", { cellId: "c1" });
    const seen = await runIn(newContext(r.header, r), async () => bridge.cell!());
    expect(seen).toEqual({ id: "cell:c1", execution: r.header.msg_id });
  });
});
