// dl.race: lock-step paths of equal length, divergence stopped and explained, and a live figure
// that updates at most 4 times a second and ends on the final state.
import { afterEach, describe, expect, it, vi } from "vitest";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { FIGURE_MIME, type SurfaceFigure } from "../../src/payload";
import * as optimizers from "../../src/optimizers";
import { race } from "../../src/optimizers/race";
import { plot } from "../../src/plot";
import { valley, saddle } from "../../src/surfaces";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[BRIDGE_KEY];
  vi.restoreAllMocks();
});

describe("dl.race.run", () => {
  it("records equal-length paths; SGD's equals θ ← θ − ηg computed here; the given optimizers are not touched", () => {
    const adam = optimizers.adam({ lr: 0.1 });
    const r = race.run({ surface: "valley", optimizers: ["sgd", "momentum", adam], lr: 0.1, steps: 80 });
    expect(r.tracks.map((t) => t.points.length)).toEqual([81, 81, 81]);
    expect(r.tracks.map((t) => t.losses.length)).toEqual([81, 81, 81]);
    expect(r.tracks.every((t) => t.diverged === null)).toBe(true);
    let p = valley.start.slice();
    for (let k = 1; k <= 80; k++) {
      const g = [0.2 * p[0], 4 * p[1]]; // ∇(0.1x² + 2y²)
      p = [p[0] - 0.1 * g[0], p[1] - 0.1 * g[1]];
      expect(r.tracks[0].points[k][0]).toBeCloseTo(p[0], 12);
      expect(r.tracks[0].points[k][1]).toBeCloseTo(p[1], 12);
    }
    expect(adam.t).toBe(0);
    expect(r.tracks[2].optimizer.t).toBe(80);
    expect(r.tracks.map((t) => t.name)).toEqual(["SGD (η = 0.1)", "Momentum (η = 0.1)", "Adam (η = 0.1)"]);
    expect(r.figure.trajectories).toHaveLength(3);
    expect(r.figure.final).toBe(true);
  });

  it("a diverging optimizer stops at its last finite point with a message; the others run on", () => {
    const r = race.run({
      surface: valley,
      optimizers: [optimizers.sgd({ lr: 0.6 }), optimizers.adam({ lr: 0.1 })],
      steps: 200,
    });
    const [sgd, adam] = r.tracks;
    expect(sgd.diverged).not.toBeNull();
    const k = sgd.diverged!.step;
    expect(k).toBeGreaterThan(1);
    expect(sgd.points).toHaveLength(k); // start + k − 1 finite steps
    expect(sgd.points.flat().every(Number.isFinite)).toBe(true);
    expect(sgd.diverged!.message).toMatch(
      new RegExp(
        `^SGD \\(η = 0.6\\) diverged at step ${k}: .*learning rate is probably too large; try one 10× lower \\(η = 0.06\\)`,
      ),
    );
    expect(adam.points).toHaveLength(201);
    expect(r.text).toContain(sgd.diverged!.message);
    expect(r.figure.trajectories[0].name).toBe(`SGD (η = 0.6) — diverged at step ${k}`);
    expect(JSON.stringify(r.figure)).not.toMatch(/NaN|Infinity|null/);
  });

  it("the saddle: adaptive methods leave the flat saddle sooner than SGD", () => {
    const r = race.run({ surface: saddle, optimizers: ["sgd", "rmsprop"], lr: 0.05, steps: 60 });
    const [sgd, rms] = r.tracks;
    expect(Math.abs(rms.points[60][1])).toBeGreaterThan(Math.abs(sgd.points[60][1]));
    expect(r.text).toMatch(/RMSProp \(η = 0.05\): loss .* ends at .*global minimum/);
  });

  it("bad options name the argument", () => {
    expect(() => race.run({ surface: "parabola", optimizers: ["sgd"] })).toThrow(
      /"opts.surface": expected a 2-D surface, got "parabola/,
    );
    expect(() => race.run({ surface: "valley", optimizers: [] })).toThrow(/"opts.optimizers".*at least one/);
    expect(() => race.run({ surface: "valley", optimizers: ["sgd"], start: [1] })).toThrow(
      /"opts.start".*\[1\]/,
    );
    expect(() => race.run({ surface: "valley", optimizers: ["sgd"], steps: 0 })).toThrow(/"opts.steps"/);
    expect(() => race.run({ surface: "nowhere", optimizers: ["sgd"] })).toThrow(
      /dl.race: argument "surface"/,
    );
  });
});

describe("dl.race live", () => {
  it("in a kernel: one output, ≤ 4 updates a second, growing paths, the final state last", async () => {
    const sent: Array<{ at: number; kind: string; data: MimeBundle }> = [];
    const bridge: KernelBridge = {
      display: (data) => void sent.push({ at: Date.now(), kind: "display", data }),
      update: (_id, data) => void sent.push({ at: Date.now(), kind: "update", data }),
      clearOutput: () => undefined,
      openComm: () => {
        throw new Error("no comms here");
      },
      currentSignal: () => new AbortController().signal,
      input: () => {
        throw new Error("no input here");
      },
    };
    (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] = bridge;
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const r = await race({
      surface: "valley",
      optimizers: ["sgd", "momentum", "adam"],
      lr: 0.1,
      steps: 120,
      durationMs: 1000,
    });
    expect(sent[0].kind).toBe("display");
    expect(sent.slice(1).every((s) => s.kind === "update")).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(1 + 1000 / 250 + 1);
    for (let i = 1; i < sent.length - 1; i++) expect(sent[i].at - sent[i - 1].at).toBeGreaterThanOrEqual(200);
    const figs = sent.map((s) => s.data[FIGURE_MIME] as SurfaceFigure);
    const lens = figs.map((f) => f.trajectories[0].x.length);
    expect(lens).toEqual([...lens].sort((a, b) => a - b)); // paths only grow
    const last = figs[figs.length - 1];
    expect(last.final).toBe(true);
    expect(last.trajectories[2].x.at(-1)).toBeCloseTo(r.tracks[2].points[120][0], 3);
    expect(figs.slice(0, -1).every((f) => !f.final)).toBe(true);
    expect(log).toHaveBeenCalledWith(r.text);
  });

  it("an interrupt skips the animation: one display, then the final state at once", async () => {
    const sent: MimeBundle[] = [];
    const ctl = new AbortController();
    (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] = {
      display: (data: MimeBundle) => void sent.push(data),
      update: (_id: string, data: MimeBundle) => void sent.push(data),
      clearOutput: () => undefined,
      openComm: () => {
        throw new Error("no comms here");
      },
      currentSignal: () => ctl.signal,
    } satisfies KernelBridge;
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    ctl.abort();
    const t0 = Date.now();
    await race({ surface: "bowl", optimizers: ["sgd"], lr: 0.1, steps: 40, durationMs: 5000 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(sent).toHaveLength(1);
    expect((sent[0][FIGURE_MIME] as SurfaceFigure).final).toBe(true);
  });

  it("outside a kernel: no waiting, the summary lines are printed; plot.race and plot.surface print theirs", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((s: string) => void lines.push(s));
    const t0 = Date.now();
    const r = await race({ surface: "bowl", optimizers: ["adam"], lr: 0.1, steps: 50 });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(lines.join("\n")).toContain(r.text);
    plot.race(r);
    const fig = plot.surface("himmelblau");
    expect(fig.payload.minima).toHaveLength(4);
    expect(lines.at(-1)).toMatch(/^surface several minima/);
    expect(() => plot.race({} as never)).toThrow(/"result"/);
  });
});
