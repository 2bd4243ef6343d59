// Handouts end to end, with the real tools: nbconvert from .venv, the extension's figure builder
// with plotly.js in system Chromium, Chromium printing, poppler-utils to read the PDFs back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportHandouts } from "../../src/cli/handout";
import { inkInBox, pdfText, placedImages } from "./handout-pdf";

const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");
const SOLUTION_TOKENS = [
  "SOLUTIONTOKENSTEP",
  "SOLUTIONTOKENHINGE",
  "SOLUTIONTOKENMETA",
  "SOLUTIONOUTPUTTOKEN",
];
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-handout-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Each drawn figure (plotly PNGs are 1440 px wide) must be visibly inked where it sits on its page. */
function expectDrawnFigures(pdf: string, count: number): void {
  const work = fs.mkdtempSync(path.join(tmp, "inspect-"));
  const figures = placedImages(pdf, work).filter((img) => img.width > 200);
  expect(figures.length).toBe(count);
  for (const img of figures) {
    const ink = inkInBox(pdf, img, work);
    // measured: a plotly figure (axes, grid, labels, lines) inks ~7 % of its box; an empty box 0 %
    expect(ink, `figure on page ${img.page}`).toBeGreaterThan(0.02);
  }
}

describe("handout of the lab fixture", () => {
  let student: string[];
  let instructor: string[];

  beforeAll(async () => {
    const lab = path.join(FIXTURES, "lab.ipynb");
    student = await exportHandouts({
      notebooks: [lab],
      version: "student",
      to: ["html", "pdf"],
      out: path.join(tmp, "s"),
    });
    instructor = await exportHandouts({
      notebooks: [lab],
      version: "instructor",
      to: ["pdf"],
      out: path.join(tmp, "i"),
    });
  }, 120_000);

  it("writes <name>-<version>.<ext> and nothing else (pages kept in test-artifacts/handout for a look)", () => {
    const artifacts = path.join(__dirname, "..", "..", "test-artifacts", "handout");
    fs.mkdirSync(artifacts, { recursive: true });
    execFileSync("pdftoppm", ["-png", "-r", "60", student[1], path.join(artifacts, "lab-student-page")]);
    expect(student.map((f) => path.basename(f))).toEqual(["lab-student.html", "lab-student.pdf"]);
    expect(fs.readdirSync(path.join(tmp, "s")).sort()).toEqual(["lab-student.html", "lab-student.pdf"]);
    expect(instructor.map((f) => path.basename(f))).toEqual(["lab-instructor.pdf"]);
  });

  it("student PDF: no solution code or output, stubs and checks present", () => {
    const text = pdfText(student[1]);
    for (const token of SOLUTION_TOKENS) expect(text).not.toContain(token);
    expect(text).toContain("CHECKCELLTOKEN");
    expect(text).not.toContain("right: step moves w"); // the check's verdict on the solution
    expect(text).toContain("STUBFROMMETADATA");
    expect(text).toContain('throw new Error("not implemented yet");');
  });

  it("typesets Markdown math ahead of time (no script, no CDN) and leaves $ in code and output alone", () => {
    const html = fs.readFileSync(student[0], "utf8");
    expect(html.match(/<mjx-container[^>]*jax="SVG"/g)?.length).toBe(2); // one inline, one display formula
    const text = pdfText(student[1]);
    expect(text).not.toMatch(/\\leftarrow|\\frac/);
    expect(text).toContain('const price = "costs $5 or $6";');
    expect(text).toContain("ready $5 $6");
  });

  it("instructor PDF keeps the solutions (so the student check above can fail)", () => {
    const text = pdfText(instructor[0]);
    for (const token of SOLUTION_TOKENS) expect(text).toContain(token);
  });

  it("HTML shows every figure as an inline PNG and drops the dlab MIME type", () => {
    const html = fs.readFileSync(student[0], "utf8");
    const imgs = html.match(/<img [^>]*src="data:image\/png;base64,[A-Za-z0-9+/=]{100,}/g) ?? [];
    expect(imgs.length).toBe(3);
    expect(html).not.toContain("vnd.dlab.figure");
    expect(html).not.toMatch(/<script/i);
  });

  it("PDF: the two drawn figures are real images, inked on their pages; the stored PNG is used as is", () => {
    expectDrawnFigures(student[1], 2);
    expectDrawnFigures(instructor[0], 2);
    // the fixture's stored 16×16 orange PNG is placed as well (not redrawn)
    const work = fs.mkdtempSync(path.join(tmp, "inspect-"));
    expect(placedImages(student[1], work).filter((img) => img.width < 50).length).toBeGreaterThanOrEqual(1);
  });
});

describe("a notebook saved without outputs, exported with execute", () => {
  it("is executed first in the dlab kernel, and its figure is drawn", async () => {
    const out = path.join(tmp, "exec");
    const [html, pdf] = await exportHandouts({
      notebooks: [path.join(FIXTURES, "needs-execution-dlab.ipynb")],
      version: "instructor",
      out,
      execute: true,
    });
    expect(fs.readFileSync(html, "utf8")).toContain("EXECUTEDTOKEN");
    expectDrawnFigures(pdf, 1);
  }, 120_000);
});
