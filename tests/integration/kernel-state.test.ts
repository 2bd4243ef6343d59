// The dlab kernel keeps a student's work, through a real Jupyter client (jupyter_client from
// .venv): names declared before a runtime error or an interrupt survive with their values and
// types, a cell the type checker rejects runs nothing, re-declaring works, every kind of loop
// (and a type check) stops within 1 s, 20 times out of 20, nothing of an interrupted cell shows
// later, prompt() asks through input_request, execute_request on control is refused, and the
// heartbeat answers while a cell spins. Interrupt latencies are printed per kind.
import { describe, expect, it } from "vitest";
import { scenario } from "../kernel/driver";

/** One interrupted run, as the scenarios return it. */
interface Run {
  status: string;
  ename: string | null;
  s: number;
  started: boolean;
  next: string;
}

interface Latency {
  n: number;
  min: number;
  median: number;
  max: number;
}

const NOTHING_RAN = /^Nothing in this cell ran: /;

/** state_names runs once; three tests read it. */
let names: Promise<any> | undefined;
const stateNames = () => (names ??= scenario("state_names", 170_000));

function expectInterrupted(runs: Run[], n: number): void {
  expect(runs).toHaveLength(n);
  for (const run of runs) {
    expect(run).toMatchObject({ status: "error", ename: "KeyboardInterrupt", started: true });
    expect(run.s).toBeLessThan(1);
  }
}

function logLatency(kind: string, l: Latency): void {
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
  console.log(
    `interrupt latency ${kind.padEnd(16)} n=${l.n} min ${ms(l.min)} median ${ms(l.median)} max ${ms(l.max)}`,
  );
}

describe("dlab kernel state across errors and interrupts (jupyter_client)", () => {
  it("keeps names declared before a runtime error, with their values and types", async () => {
    const r = await stateNames();
    expect(r.boom).toMatchObject({ status: "error", ename: "Error", evalue: "boom" });
    expect(r.q_plus_w).toBe("12");
    expect(r.w_assign).toBe("8"); // `let w` is still a let
    expect(r.f1_cell).toMatchObject({ status: "error", evalue: "after f1" });
    expect(r.f1).toBe("'f1 ran'");
    expect(r.via_f1).toBe("'f1 ran'");
    // Declared after the throw: never ran, so not defined.
    expect(r.late).toMatchObject({ ename: "TSError" });
    expect(r.late.evalue).toMatch(/Cannot find name 'late'/);
    // q kept its type: number.
    expect(r.typed).toMatchObject({ ename: "TSError" });
    expect(r.typed.evalue).toMatch(/Type 'number' is not assignable to type 'string'/);
  }, 180_000);

  it("runs nothing of a cell with a type error, and says so in the traceback's last line", async () => {
    const r = await stateNames();
    expect(r.type_error).toMatchObject({ status: "error", ename: "TSError", streams: [] });
    expect(r.type_error.evalue).toMatch(/^4:7 - Type 'string' is not assignable to type 'number'/);
    expect(r.type_error.traceback.at(-1)).toBe("Nothing in this cell ran: a type error.");
    expect(r.type_error.traceback.filter((l: string) => NOTHING_RAN.test(l))).toHaveLength(1);
    expect(r.side_effect).toBe("'undefined'"); // the side effect before the type error did not happen
    expect(r.t1.evalue).toMatch(/Cannot find name 't1'/); // nor the declaration
    expect(r.two_type_errors.traceback).toHaveLength(3);
    expect(r.two_type_errors.traceback.at(-1)).toBe("Nothing in this cell ran: 2 type errors.");
  }, 180_000);

  it("re-declares names: the same cell run twice, edited to another type, a name kept from a failed cell", async () => {
    const r = await stateNames();
    expect(r.model_1.status).toBe("ok");
    expect(r.model_1_again.status).toBe("ok");
    expect(r.model_value).toBe("2");
    expect(r.model_edited.status).toBe("ok");
    expect(r.model_string).toBe("'A STRING'");
    expect(r.model_not_number.evalue).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(r.q_again.status).toBe("ok");
    expect(r.q_string).toBe("5");
    expect(r.f1_again.status).toBe("ok");
    expect(r.f1_new).toBe("3");
  }, 180_000);

  it("keeps `batches` and the model of an interrupted `await dl.train(...)` cell; 20 interrupts < 1 s", async () => {
    const r = await scenario("state_train", 400_000);
    expect(r.setup.status).toBe("ok");
    expectInterrupted(r.runs, 20);
    for (const run of r.runs) expect(run.next).toBe("true");
    const [b1, b2] = r.batches;
    expect(Number(b1)).toBeGreaterThan(0);
    expect(b2).toBe(b1); // no batch ran after the interrupt
    expect(r.model).toBe("[ 2, 65 ]"); // declared in the interrupted cell, inspectable afterwards
    expect(r.weights).toBe("'2x16 16 16x1 1'");
    expect(r.updates_before).toBeGreaterThan(0);
    expect(r.train_output_after).toEqual([]);
    logLatency("dl.train", r.latency);
  }, 420_000);

  it("stops every kind of loop within 1 s, 20 times out of 20, variables intact and the next cell served", async () => {
    const r = await scenario("interrupt_loops", 400_000);
    for (const kind of ["sync", "sync_after_await", "microtask", "timer"]) {
      const runs = r.kinds[kind].runs;
      expectInterrupted(runs, 20);
      for (const run of runs) {
        expect(run.next).toBe("42");
        // The loop's own variable is kept; the timer-driven loop no longer changes k afterwards.
        if (kind === "timer") {
          expect(Number(run.k[0])).toBeGreaterThan(0);
          expect(run.k[1]).toBe(run.k[0]);
        } else {
          expect(run.spun).toBe("true");
        }
      }
      logLatency(kind, r.kinds[kind].latency);
    }
    expect(r.kept).toBe("41");
  }, 420_000);

  it("stops a type check that takes seconds within 1 s, 20 times out of 20; the next cell compiles and runs", async () => {
    const r = await scenario("interrupt_compile", 580_000);
    expect(r.compile_s).toBeGreaterThan(2); // the type check alone, measured first
    expect(r.compile_status).toEqual(["error", "TSError", "Nothing in this cell ran: a type error."]);
    expectInterrupted(r.runs, 20); // "started" here: its execute_input was seen
    for (const run of r.runs) {
      expect(run.next).toBe("42");
      expect(0.3 + run.s).toBeLessThan(r.compile_s); // it was the type check that stopped
    }
    expect(r.heavy_ran).toBe("'undefined'"); // the interrupted cell never ran
    logLatency("compilation", r.latency);
    console.log(
      `compilation: ${r.statements} statements type-check in ${r.compile_s.toFixed(1)} s; ` +
        `next cell after an interrupted check ${Math.max(...r.runs.map((x: { next_s: number }) => x.next_s)).toFixed(1)} s at most`,
    );
  }, 600_000);

  it("shows nothing of an interrupted cell later: not its loop's prints, timers, intervals or async loop", async () => {
    const r = await scenario("interrupt_leftovers", 170_000);
    expect(r.loop).toMatchObject({ status: "error", ename: "KeyboardInterrupt", started: true });
    expect(r.timers).toMatchObject({ status: "error", ename: "KeyboardInterrupt", started: true });
    expect(r.loop.s).toBeLessThan(1);
    expect(r.timers.s).toBeLessThan(1);
    // They printed before the interrupt…
    expect(r.before.loop).toBeGreaterThan(0);
    expect(r.before.timers).toEqual(expect.arrayContaining(["LEFT-async", "LEFT-interval"]));
    // …and nothing after it, though later cells waited long enough for every timer to fire.
    expect(r.after_loop).toEqual([]);
    expect(r.after).toEqual([]);
    expect(r.later).toEqual(["'later'", "true", "2"]);
  }, 180_000);

  it("asks through input_request for prompt() and dl.input(); refuses without stdin; an interrupt ends the wait", async () => {
    const r = await scenario("stdin", 170_000);
    expect(r.prompt).toMatchObject({
      request: "input_request",
      content: { prompt: "Your name? ", password: false },
      parent_ok: true,
      status: "ok",
    });
    expect(r.name).toBe("'Ada'");
    expect(r.dl_input).toMatchObject({ content: { prompt: "Rating? " }, status: "ok" });
    expect(r.rating).toBe("'5'");
    expect(r.no_stdin).toMatchObject({ status: "error", ename: "StdinNotImplementedError" });
    expect(r.no_stdin_dl).toMatchObject({ status: "error", ename: "StdinNotImplementedError" });
    expect(r.interrupted).toHaveLength(5);
    for (const w of r.interrupted) {
      expect(w).toMatchObject({
        prompt: "Waiting? ",
        status: "error",
        ename: "KeyboardInterrupt",
        next: "42",
      });
      expect(w.s).toBeLessThan(1);
    }
    expect(r.who.evalue).toMatch(/Cannot find name 'who'/);
  }, 180_000);

  it("refuses execute_request on control with an error reply while the shell cell still gets its result; heartbeat during a sync loop", async () => {
    const r = await scenario("control_and_heartbeat", 170_000);
    expect(r.control_type).toBe("execute_reply");
    expect(r.control).toMatchObject({ status: "error", ename: "ProtocolError" });
    expect(r.control_s).toBeLessThan(1); // answered while the shell cell was still running
    expect(r.control_outputs).toEqual([]);
    expect(r.via_control).toBe("'undefined'"); // its code did not run
    expect(r.shell_status).toBe("ok");
    expect(r.shell_result).toBe("'shell result'");
    expect(r.shell_results).toBe(1);
    expect(r.after).toBe("42");
    // Output printed just before a synchronous loop leaves while the loop runs (it is not held
    // for a batch that no timer can flush), and the io thread echoes heartbeats meanwhile.
    expect(r.printed_while_looping).toBe(true);
    expect(r.printed_s).toBeLessThan(5);
    expect(r.still_running).toBe(true);
    for (const [i, ping] of r.heartbeat.entries()) {
      expect(ping.echoed).toBe(`ping-${i}`);
      expect(ping.s).toBeLessThan(1);
    }
    expect(r.loop).toBe("error");
    expect(r.loop_s).toBeLessThan(1);
    expect(r.served).toBe("42");
  }, 180_000);

  it("sends every line printed before a synchronous loop while it runs; shuts down a spinning kernel at once", async () => {
    const r = await scenario("print_loop_and_shutdown", 120_000);
    expect(r.streamed).toBe("line 0\nline 1\nline 2\nline 3\nline 4\n");
    expect(r.alive).toBe(false);
    expect(r.shutdown_s).toBeLessThan(3); // jupyter_client would kill it only after 5 s
  }, 130_000);

  it("exits by itself when the process that started it dies, even while a cell spins", async () => {
    const r = await scenario("orphaned", 120_000);
    expect(r.running_before).toBe(true);
    expect(r.alive_after).toBe(false);
    expect(r.exit_s).toBeLessThan(5);
  }, 130_000);
});
