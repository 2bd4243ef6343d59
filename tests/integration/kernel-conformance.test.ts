// history_request answered as ipykernel answers it (ipykernel from .venv is run as the
// reference, on the same cells), and an error reply, never silence, for requests the kernel
// cannot handle — through a real Jupyter client.
import { describe, expect, it } from "vitest";
import { scenario } from "../kernel/driver";

describe("dlab kernel conformance (jupyter_client)", () => {
  it("answers tail, range and search (globs, unique, n) exactly as ipykernel does", async () => {
    const r = await scenario("history_vs_ipykernel", 170_000);
    const names = Object.keys(r.ipykernel);
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) expect({ name, ...r.dlab[name] }).toEqual({ name, ...r.ipykernel[name] });
    // The comparison is not vacuous: most queries return rows, and tail without n gives 10.
    expect(names.filter((n) => r.dlab[n].rows.length > 0).length).toBeGreaterThanOrEqual(15);
    expect(r.dlab.tail_default.rows).toHaveLength(10);
    expect(r.dlab.search_escaped.rows).toEqual([[1, 6, "'[x]'"]]);
  }, 180_000);

  it("answers an unknown message type and a request with bad fields with an error reply on its channel", async () => {
    const r = await scenario("error_replies", 120_000);
    expect(r.unknown_shell).toEqual({
      msg_type: "frobnicate_reply",
      content: {
        status: "error",
        ename: "NotImplementedError",
        evalue: 'the dlab kernel does not handle "frobnicate_request" messages on the shell channel',
        traceback: [
          'NotImplementedError: the dlab kernel does not handle "frobnicate_request" messages on the shell channel',
        ],
      },
    });
    expect(r.unknown_not_request).toMatchObject({
      msg_type: "frobnicate_reply",
      content: { status: "error" },
    });
    expect(r.unknown_control).toMatchObject({
      msg_type: "debug_reply",
      content: { status: "error", evalue: expect.stringContaining("on the control channel") },
    });
    const h = r.history;
    expect(h.pattern_number.content).toMatchObject({
      status: "error",
      ename: "TypeError",
      evalue: 'history_request: "pattern" must be a string, got 5 (number)',
    });
    expect(h.n_string.content.evalue).toBe('history_request: "n" must be an integer, got "3" (string)');
    expect(h.n_fraction.content.evalue).toBe('history_request: "n" must be an integer, got 1.5 (number)');
    expect(h.n_negative.content.evalue).toBe('history_request: "n" must be an integer ≥ 0, got -1');
    expect(h.unique_string.content.evalue).toBe(
      'history_request: "unique" must be true or false, got "yes" (string)',
    );
    expect(h.access_type_unknown.content).toMatchObject({ status: "error", ename: "ValueError" });
    expect(h.access_type_missing.content.evalue).toMatch(/"hist_access_type" must be one of .*, got nothing/);
    expect(h.session_null_ok.content).toEqual({ status: "ok", history: [[1, 1, "6 * 7"]] });
    for (const x of Object.values(h) as any[]) expect(x.msg_type).toBe("history_reply");
    expect(r.alive).toBe("ok");
  }, 130_000);
});
