// The dlab kernel's wire under abuse, through a real Jupyter client (jupyter_client from .venv)
// and raw peers without the key (pyzmq, or plain TCP speaking ZMTP): a stalled IOPub subscriber,
// oversize frames, the kernel's own messages bounced back, a deeply nested header, and signed
// messages replayed after a restart. Kernel memory is measured (ps RSS) and logged.
import { describe, expect, it } from "vitest";
import { scenario } from "../kernel/driver";

describe("dlab kernel wire under abuse", () => {
  it("bounds what a stalled IOPub subscriber costs, while a reading client gets every message", async () => {
    const r = await scenario("iopub_stall", 230_000);
    const grew = r.rss_during_stall_mb - r.rss_before_mb;
    console.log(
      `IOPub stall, ${r.messages} messages of ~2.5 KB: kernel RSS ${r.rss_before_mb} → ${r.rss_during_stall_mb} MB ` +
        `(+${grew.toFixed(1)}); the stalled subscriber was kept ${r.stalled_received_later} messages`,
    );
    expect(r.reply).toBe("ok");
    expect(r.normal_client_received).toBe(r.messages);
    expect(r.normal_client_in_order).toBe(true);
    // Before the bound the kernel kept all 30,012 messages for the stalled peer (+187 MB RSS).
    expect(r.stalled_received_later).toBeLessThanOrEqual(10_000 + 1_000);
    expect(grew).toBeLessThan(130);
    expect(r.alive).toBe("'alive'");
  }, 240_000);

  it("refuses oversize frames before storing them; a 20 MiB comm message and a 1 MiB cell still pass", async () => {
    const r = await scenario("oversize", 170_000);
    console.log(
      `256 MiB frame: kernel RSS ${r.rss_before_mb} → ${r.rss_after_shell_mb} MB after shell, ` +
        `${r.rss_after_iopub_mb} MB after an IOPub subscription (peer: ${r.iopub_send})`,
    );
    expect(r.rss_after_shell_mb - r.rss_before_mb).toBeLessThan(50); // was +256 MB
    expect(r.rss_after_iopub_mb - r.rss_before_mb).toBeLessThan(50);
    // …and on control, stdin and heartbeat (the io thread's sockets): hung up on at the header.
    console.log(`256 MiB frames on control, stdin, hb: kernel RSS → ${r.rss_after_io_thread_mb} MB`);
    expect(r.rss_after_io_thread_mb - r.rss_before_mb).toBeLessThan(50);
    for (const sent of [r.control_send, r.stdin_send, r.hb_send]) {
      expect(["ConnectionResetError", "BrokenPipeError"]).toContain(sent);
    }
    expect(r.hb_alive).toBe(true);
    // The kernel hung up on the subscriber at the frame's header instead of reading 256 MiB.
    expect(["ConnectionResetError", "BrokenPipeError"]).toContain(r.iopub_send);
    expect(r.comm_length).toBe("20971520");
    expect(r.big_cell).toBe("1048576");
    expect(r.alive).toBe("'alive'");
  }, 180_000);

  it("drops its own messages bounced back into shell by a peer without the key", async () => {
    const r = await scenario("reflect", 120_000);
    console.log(`reflection: ${r.bounced} messages bounced, ${r.answers_to_own_output} answered`);
    expect(r.bounced).toBeGreaterThan(0);
    expect(r.answers_to_own_output).toBe(0); // was 95,534 in 3 s, doubling each round
    expect(r.dropped_own).toBeGreaterThan(0);
    expect(r.alive).toBe("'alive'");
  }, 130_000);

  it("drops a request with a deeply nested header or parent_header; the requests behind it are answered", async () => {
    const r = await scenario("deep_header", 120_000);
    expect(r.followers_answered).toEqual({ header: true, parent_header: true });
    expect(r.dropped_deep).toBe(2);
    expect(r.alive).toBe("'alive'");
  }, 130_000);

  it("refuses signed messages dated before the kernel started (beyond the clock skew), across a restart", async () => {
    const r = await scenario("stale_replay", 170_000);
    // Default 300 s allowance: a date 10 minutes old is refused, 1 minute old or ahead is served.
    expect(r.dated).toEqual({ ten_minutes_old: "", one_minute_old: "x", an_hour_ahead: "x" });
    expect(r.dropped_stale).toBe(1);
    // Same key, kernel restarted (allowance 2 s): the recording from before does not run again.
    expect(r.before_restart).toBe("x");
    expect(r.after_restart).toBe("x");
    expect(r.fresh_after_restart).toBe("'fresh'");
  }, 180_000);
});
