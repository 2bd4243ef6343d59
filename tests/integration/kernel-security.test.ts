// Wire security of the dlab kernel against a local attacker without the key: forged, unsigned,
// tampered and replayed messages sent with raw pyzmq; signature fishing; empty key; ipc.
import { describe, expect, it } from "vitest";
import { resultText, scenario } from "../kernel/driver";

describe("dlab kernel wire security", () => {
  it("drops forged, unsigned, tampered and replayed messages without running them, and leaks no signature", async () => {
    const r = await scenario("security", 120_000);
    expect(r.key_length).toBeGreaterThan(16);
    // No attack ran; the replayed message ran exactly once.
    expect(r.files).toEqual({
      forged: null,
      unsigned: null,
      tampered: null,
      short_signature: null,
      altered_signature: null,
      replay: "x",
    });
    // Only the first copy of the replayed message and the sentinel were answered.
    expect(r.reply_parents).toEqual([r.replay_msg_id, r.sentinel_msg_id]);
    // Neither the key nor any valid (or sent) signature appears on IOPub, in replies or in the kernel log.
    expect(r.leaks).toEqual([]);
    expect(r.kernel_stderr_lines).toHaveLength(6);
    for (const line of r.kernel_stderr_lines)
      expect(line).toMatch(
        /^\[dlab kernel\] dropped a message \((bad-signature|replayed)\); \d+ dropped so far$/,
      );
    expect(resultText(r.alive)).toBe("'alive'");
  }, 130_000);

  it("works with an empty key: signing off, signature frames empty", async () => {
    const r = await scenario("empty_key", 120_000);
    expect(r.file_key).toBe("");
    expect(resultText(r.run)).toBe("42");
    expect(r.raw_signatures).toEqual([""]);
  }, 130_000);

  it("works over the ipc transport (ipc://<ip>-<port>)", async () => {
    const r = await scenario("ipc", 120_000);
    expect(r.transport).toBe("ipc");
    expect(r.sockets).toHaveLength(5);
    expect(resultText(r.run)).toBe("42");
    expect(r.stream).toContainEqual(["stream", { name: "stdout", text: "over ipc\n" }]);
  }, 130_000);
});
