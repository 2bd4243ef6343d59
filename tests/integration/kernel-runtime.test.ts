// The dlab kernel at run time, through a real Jupyter client: interrupts (sync and async),
// bursts of display updates, stray errors from timers and promises, shutdown and restart.
import { describe, expect, it } from "vitest";
import { resultText, scenario } from "../kernel/driver";

describe("dlab kernel run time (jupyter_client)", () => {
  it("interrupts `while (true) {}` in under 1 s, 20 times out of 20, keeping variables", async () => {
    const r = await scenario("interrupt", 170_000);
    expect(r.sync).toHaveLength(20);
    for (const run of r.sync) {
      expect(run).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
      expect(run.s).toBeLessThan(1);
    }
    expect(resultText(r.kept_after)).toBe("42");
    // The async loop: the reply comes at once, the loop stops at its next step (it checks the
    // bridge's signal), and nothing it or its stray timer prints shows up afterwards.
    expect(r.async).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(r.async.s).toBeLessThan(1);
    const [t1, t2] = r.ticks_after.map(resultText);
    expect(Number(t1)).toBeGreaterThan(0);
    expect(t2).toBe(t1);
    expect(r.late_output_before_interrupt).toBeGreaterThan(0);
    expect(r.late_output_after_interrupt).toEqual([]);
    // An interrupt while idle stops a loop an earlier cell left running in the background.
    const [b1, b2] = r.background_after_idle_interrupt.map(resultText);
    expect(Number(b1)).toBeGreaterThan(0);
    expect(b2).toBe(b1);
    // interrupt_request on the control channel stops an awaited promise too.
    expect(r.control_interrupt).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(r.control_interrupt.s).toBeLessThan(1);
    expect(resultText(r.alive)).toBe("41");
  }, 180_000);

  it("stops `await dl.train(...)` within 1 s on interrupt; nothing of it shows afterwards", async () => {
    const r = await scenario("dlab_train_interrupt", 170_000);
    expect(r.setup.status).toBe("ok");
    expect(r.interrupt).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    expect(r.interrupt.s).toBeLessThan(1);
    const [b1, b2] = r.batches.map(resultText);
    expect(Number(b1)).toBeGreaterThan(0);
    expect(b2).toBe(b1); // no batch ran after the interrupt
    expect(r.updates_before).toBeGreaterThan(0); // the live figure was updating before
    expect(r.train_output_after).toEqual([]);
  }, 180_000);

  it("shows a dl.plot figure once: the handle the cell returns is not printed under it, but prints its line later", async () => {
    const r = await scenario("dlab_plot_result", 170_000);
    expect(r.setup.status).toBe("ok");
    expect(r.shown).toContain("display_data");
    expect(r.shown).not.toContain("execute_result");
    expect(r.shown_async).toContain("display_data");
    expect(r.shown_async).not.toContain("execute_result");
    expect(resultText(r.kept)).toBe("0");
    expect(resultText(r.later)).toMatch(/^Figure\(scatter: /);
  }, 180_000);

  it("delivers 5,000 display updates from one synchronous loop, busy → idle for every request", async () => {
    const r = await scenario("burst", 170_000);
    expect(r.replies).toEqual(["ok", "ok", "ok"]);
    for (const req of r.per_request) {
      expect(req.states).toEqual(["busy", "idle"]);
      expect(req.errors).toEqual([]);
    }
    expect(r.per_request[0].updates).toBe(5000);
    const expected = Object.fromEntries(Array.from({ length: 10 }, (_, d) => [`burst${d}`, `v${4990 + d}`]));
    expect(r.per_request[0].final).toEqual(expected);
    expect(r.kernel_stderr).toBe("");
  }, 180_000);

  it("survives errors thrown later from timers and unhandled rejections, reporting them on the running cell's stderr", async () => {
    const r = await scenario("stray", 120_000);
    expect(r.schedule).toBe("ok");
    expect(resultText(r.next)).toBe("2");
    const stderr = r.stderr.join("");
    expect(stderr).toContain("Error: late boom");
    expect(stderr).toContain("Error: stray rejection");
    expect(r.alive).toBe(true);
    expect(resultText(r.after)).toBe("'still here'");
  }, 130_000);

  it("shuts down within 5 s and restarts with a fresh state", async () => {
    const r = await scenario("lifecycle", 120_000);
    expect(r.after_restart.find(([t]: [string]) => t === "error")?.[1].evalue).toMatch(
      /Cannot find name 'v'/,
    );
    expect(resultText(r.works)).toBe("5");
    expect(r.shutdown_s).toBeLessThan(5);
    expect(r.alive_after_shutdown).toBe(false);
  }, 130_000);
});
