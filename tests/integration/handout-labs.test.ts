// The student handout of every lab in notebooks/: no solution code in the PDF, every figure drawn.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportHandouts, toStudent } from "../../src/cli/handout";
import { Notebook, cellSource, cellTags, readNotebook } from "../../src/cli/handout/notebook";
import { figureOutputs } from "../../src/cli/handout/figures";
import { hasMarkers } from "../../src/cli/handout/student";
import { inkInBox, pdfText, placedImages } from "./handout-pdf";
import { LABS, NOTEBOOKS } from "./labs/run";

// every lab in notebooks/, the five ready-made ones and any that follow
const labs = fs.existsSync(NOTEBOOKS)
  ? fs
      .readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
  : [];
const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** Distinctive lines of solution code: inside markers or solution-tagged cells, absent from the student notebook. */
function solutionLines(nb: Notebook, student: Notebook): string[] {
  const studentText = squash(
    student.cells.map((c) => cellSource(c) + JSON.stringify(c.outputs ?? [])).join("\n"),
  );
  const lines: string[] = [];
  for (const cell of nb.cells) {
    const src = cellSource(cell);
    if (cell.cell_type !== "code") continue;
    if (hasMarkers(src)) {
      const inside = /BEGIN SOLUTION[^\n]*\n([\s\S]*?)\n[^\n]*END SOLUTION/g;
      for (const m of src.matchAll(inside)) lines.push(...m[1].split("\n"));
    } else if (cellTags(cell).includes("solution")) lines.push(...src.split("\n"));
  }
  // long enough to be distinctive, cut before a long line's hidden overflow, not shared with the stub
  return [...new Set(lines.map((l) => squash(l).slice(0, 40)))].filter(
    (l) => l.length >= 15 && !l.startsWith("//") && !studentText.includes(l),
  );
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-labs-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("student handouts of the labs", () => {
  it("notebooks/ has the five ready-made labs", () => {
    expect(labs).toEqual(expect.arrayContaining(LABS.map((l) => `${l}.ipynb`)));
  });
  for (const lab of labs) {
    it(`${lab}: no solution code in the PDF, every figure drawn and inked`, async () => {
      const file = path.join(NOTEBOOKS, lab);
      const nb = readNotebook(file);
      const student = toStudent(nb);
      const out = path.join(tmp, lab);
      const [html, pdf] = await exportHandouts({ notebooks: [file], version: "student", out });
      // the first pages, for a person to look at (test-artifacts/ is git-ignored)
      const artifacts = path.join(__dirname, "..", "..", "test-artifacts", "handout");
      fs.mkdirSync(artifacts, { recursive: true });
      execFileSync("pdftoppm", [
        "-png",
        "-r",
        "60",
        "-l",
        "3",
        pdf,
        path.join(artifacts, lab.replace(/\.ipynb$/, "-student-page")),
      ]);
      const text = pdfText(pdf);
      const secret = solutionLines(nb, student);
      expect(secret.length, "the lab has solution code to hide").toBeGreaterThan(0);
      for (const line of secret) expect(text).not.toContain(line);
      const figures = figureOutputs(student).length;
      expect(
        fs.readFileSync(html, "utf8").match(/<img [^>]*src="data:image\/png;base64,/g)?.length ?? 0,
      ).toBeGreaterThanOrEqual(figures);
      const work = fs.mkdtempSync(path.join(tmp, "inspect-"));
      const placed = placedImages(pdf, work).filter((img) => img.width > 200);
      expect(placed.length).toBeGreaterThanOrEqual(figures);
      for (const img of placed)
        expect(inkInBox(pdf, img, work), `image on page ${img.page}`).toBeGreaterThan(0.02);
    }, 180_000);
  }
});
