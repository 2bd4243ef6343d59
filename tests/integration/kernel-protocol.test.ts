// The dlab kernel through a real Jupyter client (jupyter_client from .venv): protocol
// conformance, the bridge, comms, `import * as dl from "dlab"`, and jupyter_kernel_test as is.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resultText, runPython, scenario, ROOT, Outputs } from "../kernel/driver";

describe("dlab kernel protocol (jupyter_client)", () => {
  let r: any;
  beforeAll(async () => {
    r = await scenario("protocol", 170_000);
  }, 180_000);

  it("answers kernel_info with status and the TypeScript language", () => {
    expect(r.kernel_info.status).toBe("ok");
    expect(r.kernel_info.protocol_version).toBe("5.3");
    expect(r.kernel_info.language_info).toMatchObject({
      name: "typescript",
      file_extension: ".ts",
      mimetype: "text/typescript",
    });
  });

  it("echoes on the heartbeat channel", () => {
    expect(r.heartbeat).toBe("ping-dlab");
  });

  it("counts executions; store_history:false does not advance the count", () => {
    expect(r.counts).toEqual([1, 1, 2]);
    expect(r.execute_input).toEqual([{ code: "1", execution_count: 1 }]);
    expect(r.result_no_history[0].data["text/plain"]).toBe("2");
  });

  it("sends the last expression's value as execute_result", () => {
    expect(resultText(r.value[1])).toBe("42");
    expect(r.dlab_value.find(([t]: [string]) => t === "stream")).toBeUndefined();
  });

  it("reports a TypeScript diagnostic with the cell's line and column", () => {
    const [reply, outs] = r.ts_error;
    expect(reply.status).toBe("error");
    expect(reply.evalue).toBe("2:7 - Type 'string' is not assignable to type 'number'.");
    const err = (outs as Outputs).find(([t]) => t === "error")?.[1];
    expect(err).toMatchObject({ ename: "TSError", evalue: reply.evalue });
    expect(err.traceback.length).toBeGreaterThan(0);
  });

  it("reports a runtime error with ename, evalue and a traceback", () => {
    const [reply] = r.runtime_error;
    expect(reply.ename).toBe("SyntaxError");
    expect(reply.evalue).toMatch(/JSON/);
    expect(reply.traceback.some((l: string) => l.includes("SyntaxError"))).toBe(true);
    expect(reply.traceback.some((l: string) => /tslab[\\/]dist|kernel[\\/]dist/.test(l))).toBe(false);
  });

  it("aborts queued requests after an error only when stop_on_error is true", () => {
    expect(r.no_stop).toEqual(["error", "ok", "ok"]);
    expect(r.stop).toEqual(["error", "aborted", "aborted"]);
    expect(r.after_stop).toBe("ok");
  });

  it("forwards console.log / console.error as stdout / stderr streams", () => {
    const streams = (r.stream as Outputs).filter(([t]) => t === "stream").map(([, c]) => c);
    expect(streams).toEqual([
      { name: "stdout", text: "out\n" },
      { name: "stderr", text: "err\n" },
    ]);
  });

  it("sends display_data / update_display_data with a transient display_id, and clear_output", () => {
    const outs = (r.display as Outputs).filter(([t]) => !["status", "execute_input"].includes(t));
    expect(outs).toEqual([
      ["display_data", { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "dd" } }],
      [
        "update_display_data",
        {
          data: { "text/plain": "v2", "application/json": { a: 1 } },
          metadata: {},
          transient: { display_id: "dd" },
        },
      ],
      ["clear_output", { wait: true }],
    ]);
  });

  it("serves tslab's own display API through the same bridge", () => {
    const outs = (r.tslab_display as Outputs).filter(([t]) => t.endsWith("display_data"));
    const id = outs[0]?.[1].transient.display_id;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(outs).toEqual([
      ["display_data", { data: { "text/plain": "a" }, metadata: {}, transient: { display_id: id } }],
      ["update_display_data", { data: { "text/plain": "b" }, metadata: {}, transient: { display_id: id } }],
    ]);
  });

  it("gives each execution a fresh cancellation signal", () => {
    expect(resultText(r.signal_fresh)).toBe("false");
  });

  it("installs the bridge in the host context, seen by cells and by required modules", () => {
    expect(resultText(r.host_module_sees_bridge)).toBe("'function'");
    expect(resultText(r.cell_sees_bridge)).toBe("'function'");
  });

  it("answers history, complete (code-point offsets), inspect and is_complete", () => {
    expect(r.history.history.map((h: unknown[]) => h[1])).toEqual([13, 14]);
    expect(r.complete_math).toMatchObject({ matches: ["abs"], cursor_start: 5, cursor_end: 7 });
    // "const 😀 = 1; Math.ab": the emoji is one code point, two UTF-16 units.
    expect(r.complete_unicode).toMatchObject({ matches: ["abs"], cursor_start: 18, cursor_end: 20 });
    expect(r.inspect.found).toBe(true);
    expect(r.inspect.data["text/plain"]).toContain("Math.max(...values: number[]): number");
    expect(r.is_complete.map((x: any) => x.status)).toEqual(["complete", "incomplete", "invalid"]);
  });

  it("opens comms from the kernel, routes frontend comm_msg, refuses unknown targets", () => {
    expect(r.comm_open[0]).toMatchObject({ target_name: "dlab.test", data: { hello: 1 } });
    const id = r.comm_open[0].comm_id;
    expect(r.comm_info.comms).toEqual({ [id]: { target_name: "dlab.test" } });
    expect(r.comm_all).toContainEqual(["stream", { name: "stdout", text: 'got {"x":1}\n' }]);
    expect(r.comm_all).toContainEqual(["comm_close", { comm_id: "front-1", data: {} }]);
    expect(r.comm_sent).toEqual([
      ["comm_msg", { comm_id: id, data: { y: 2 } }],
      ["comm_close", { comm_id: id, data: {} }],
    ]);
  });

  it('resolves `import * as dl from "dlab"` from notebooks/ with types', () => {
    expect(r.dlab_import.status).toBe("ok");
    expect(r.dlab_complete.matches).toContain("FIGURE_MIME");
    expect(r.dlab_type_error.status).toBe("error");
    expect(r.dlab_type_error.evalue).toBe("2:7 - Type 'string' is not assignable to type 'number'.");
    expect(resultText(r.dlab_value)).toBe("'application/vnd.dlab.figure.v1+json'");
  });
});

describe("jupyter_kernel_test, run as is", () => {
  it("passes every applicable test", async () => {
    const res = await runPython(
      ["-m", "unittest", "-v", join("tests", "kernel", "test_dlab_kernel.py")],
      170_000,
    );
    const out = res.stderr;
    const ok = [...out.matchAll(/^(test_\w+) .*\.\.\. ok$/gm)].map((m) => m[1]);
    const skipped = [...out.matchAll(/^(test_\w+) .*\.\.\. skipped '(.*)'$/gm)].map(
      (m) => `${m[1]}: ${m[2]}`,
    );
    console.log(
      `jupyter_kernel_test: ${ok.length} passed, skipped: ${skipped.join("; ") || "none"} (cwd ${ROOT})`,
    );
    expect(res.code, out.slice(-4000)).toBe(0);
    expect(out).toMatch(/\nOK/);
    expect(ok.length).toBeGreaterThanOrEqual(11);
    // Only the pager test may skip: a TypeScript kernel has no `?` help pages.
    expect(skipped).toEqual(["test_pager: No code page something"]);
  }, 180_000);
});
