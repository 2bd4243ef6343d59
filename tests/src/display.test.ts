import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { ArgumentError } from "../../src/errors";
import { currentSignal, input, LiveFigure, show } from "../../src/display";
import { FIGURE_MIME, type FigurePayload } from "../../src/payload";

/** A recording stand-in for the kernel's bridge: this is a unit test of the adapter. */
function fakeBridge() {
  const sent: Array<{ op: "display" | "update"; id?: string; data: MimeBundle; t: number }> = [];
  const ctl = new AbortController();
  const asked: Array<{ prompt: string; password: boolean }> = [];
  const b: KernelBridge = {
    display: (data, o) => sent.push({ op: "display", id: o?.displayId, data, t: Date.now() }),
    update: (id, data) => sent.push({ op: "update", id, data, t: Date.now() }),
    clearOutput: () => {},
    openComm: () => {
      throw new Error("not used");
    },
    currentSignal: () => ctl.signal,
    input: (prompt, o) => {
      asked.push({ prompt, password: o?.password === true });
      return "Ada";
    },
  };
  return { b, sent, ctl, asked };
}

const fig = (i: number): FigurePayload => ({ kind: "scatter", series: [{ name: "s", x: [i], y: [i] }] });
const g = globalThis as Record<symbol, unknown>;

describe("display with a bridge", () => {
  let fb: ReturnType<typeof fakeBridge>;
  beforeEach(() => {
    vi.useFakeTimers();
    fb = fakeBridge();
    g[BRIDGE_KEY] = fb.b;
  });
  afterEach(() => {
    delete g[BRIDGE_KEY];
    vi.useRealTimers();
  });

  it("dl.input asks through the bridge (prompt, password flag) and checks its arguments", async () => {
    expect(await input("Your name? ")).toBe("Ada");
    expect(await input("Key: ", { password: true })).toBe("Ada");
    expect(fb.asked).toEqual([
      { prompt: "Your name? ", password: false },
      { prompt: "Key: ", password: true },
    ]);
    await expect(input(42 as unknown as string)).rejects.toThrow(ArgumentError);
    await expect(input(42 as unknown as string)).rejects.toThrow(/prompt.*a string.*42/s);
  });

  it("show sends the figure MIME type and a text/plain line", () => {
    show(fig(1));
    expect(fb.sent).toHaveLength(1);
    expect(fb.sent[0].data[FIGURE_MIME]).toEqual(fig(1));
    expect(String(fb.sent[0].data["text/plain"])).toMatch(/^scatter: s \(1 points/);
  });

  it("throttles a burst to ≤ 4 sends per second and always ends on the final state", () => {
    const live = new LiveFigure();
    // 10,000 updates spread over 5 simulated seconds
    for (let i = 0; i < 10_000; i++) {
      live.update(fig(i));
      vi.advanceTimersByTime(0.5);
    }
    live.finish();
    const times = fb.sent.map((s) => s.t);
    for (let i = 1; i < times.length - 1; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
    expect(fb.sent.length).toBeLessThanOrEqual(5 * 4 + 2);
    expect(fb.sent[0].op).toBe("display");
    expect(new Set(fb.sent.map((s) => s.id)).size).toBe(1);
    const last = fb.sent[fb.sent.length - 1];
    expect(last.op).toBe("update");
    expect(last.data[FIGURE_MIME]).toEqual({ ...fig(9999), final: true });
  });

  it("flushes the pending last state on a timer when updates stop", () => {
    const live = new LiveFigure();
    live.update(fig(1));
    live.update(fig(2));
    live.update(fig(3));
    expect(fb.sent).toHaveLength(1);
    vi.advanceTimersByTime(260);
    expect(fb.sent).toHaveLength(2);
    expect(fb.sent[1].data[FIGURE_MIME]).toEqual(fig(3));
    live.finish();
    expect(fb.sent[2].data[FIGURE_MIME]).toEqual({ ...fig(3), final: true });
    expect(() => live.update(fig(4))).toThrow(/already finished/);
  });

  it("passes the cell's abort signal through", () => {
    const s = currentSignal();
    expect(s.aborted).toBe(false);
    fb.ctl.abort();
    expect(s.aborted).toBe(true);
  });
});

describe("display without a bridge", () => {
  it("dl.input says it needs the dlab kernel", async () => {
    await expect(input("Your name? ")).rejects.toThrow(/needs the dlab kernel/);
  });

  it("prints the text line only, and a live figure only its final line", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    show(fig(1), "one line");
    const live = new LiveFigure();
    for (let i = 0; i < 100; i++) live.update(fig(i));
    live.finish();
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      "one line",
      expect.stringMatching(/^scatter: s \(1 points, y 99…99\)/),
    ]);
    expect(live.sends).toBe(0);
    log.mockRestore();
  });

  it("gives a signal that never aborts", () => {
    expect(currentSignal().aborted).toBe(false);
  });
});
