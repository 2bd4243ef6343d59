// The `dlab` dispatcher (src/cli/index.ts), run as `npx dlab` runs it: the committed bin.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const BIN = path.resolve(__dirname, "..", "..", "src", "bin", "dlab.js");
const dlab = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });

describe("dlab", () => {
  it("lists its commands with --help, and without a command", () => {
    for (const res of [dlab("--help"), dlab()]) {
      expect(res.status).toBe(0);
      expect(res.stdout).toMatch(/^usage: dlab <command> \[options\]/);
      for (const command of ["doctor", "handout", "student", "images"])
        expect(res.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
  });

  it("an unknown command is a usage error (exit 2) in the style of every argument mistake", () => {
    const res = dlab("handouts");
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(
      /^dlab: command: expected doctor, handout, student, images, hub, collect, grade, validate or help, got "handouts"\n\nusage: dlab/,
    );
  });
});
