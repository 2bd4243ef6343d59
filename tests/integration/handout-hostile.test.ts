// Hostile notebooks: nothing a notebook's author controls may run script in the reader's browser
// or write a file outside --out; a notebook that fails to execute leaves no handout behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportHandouts } from "../../src/cli/handout";
import { withBrowser } from "../../src/cli/handout/browser";
import { FIGURE_SIZE, openFigureRenderer } from "../../src/cli/handout/figure-renderer";
import { pdfText, placedImages } from "./handout-pdf";
import { JSDOM } from "jsdom";
import { launchChromium } from "./jupyterlab";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");
let tmp: string;

/** Every file below `dir`, relative to it. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

beforeAll(() => {
  // The CLI tests run the real `dlab` bin, built by the suite's global set-up (tests/build.ts).
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dlab-hostile-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("a hostile notebook", () => {
  let root: string;
  let files: string[];
  const fixturesBefore = listFiles(FIXTURES);

  beforeAll(async () => {
    // deep enough that the attachment name ../../escape.png would land inside `root` if followed
    root = path.join(tmp, "h");
    const src = path.join(root, "a", "b", "in");
    fs.mkdirSync(src, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, "hostile.ipynb"), path.join(src, "hostile.ipynb"));
    const out = path.join(root, "a", "b", "out");
    // student only: both versions share the whole rendering path, the student one adds the transform
    files = await exportHandouts({ notebooks: [path.join(src, "hostile.ipynb")], version: "student", out });
  }, 120_000);

  it("writes only the two handouts, nothing elsewhere (not next to the notebook, not in the fixtures)", () => {
    expect(listFiles(root)).toEqual([
      "a/b/in/hostile.ipynb",
      "a/b/out/hostile-student.html",
      "a/b/out/hostile-student.pdf",
    ]);
    expect(listFiles(FIXTURES)).toEqual(fixturesBefore);
  });

  it("HTML has no script, frame, event handler or script link; the title comes from the file name", () => {
    for (const file of files.filter((f) => f.endsWith(".html"))) {
      const html = fs.readFileSync(file, "utf8");
      expect(html).not.toMatch(/<\s*(script|iframe|object|embed)\b/i);
      expect(html).not.toMatch(/(href|src)\s*=\s*["']?\s*(javascript|&#)/i);
      expect(html).toMatch(/<title>hostile-student<\/title>/);
      expect(html).toContain("HTMLOUT"); // the harmless part of the HTML output is still shown
      expect(html).not.toContain("RAWCELL");
      expect(html).toContain("<mjx-container"); // the math ran, without its \\href (not a link)
    }
  });

  it("as an HTML parser reads it: no on* attribute, no animating or loading style, no src but data:", () => {
    for (const file of files.filter((f) => f.endsWith(".html"))) {
      const doc = new JSDOM(fs.readFileSync(file, "utf8")).window.document;
      const attrs = [...doc.querySelectorAll("*")].flatMap((el) =>
        [...el.attributes].map((a) => `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 80)}">`),
      );
      expect(attrs.length).toBeGreaterThan(300); // the whole page was read (MathJax's SVG included)
      expect(attrs.filter((a) => /^<\S+ on/i.test(a))).toEqual([]);
      expect(attrs.filter((a) => /^<\S+ autofocus=/.test(a))).toEqual([]);
      expect(attrs.filter((a) => /^<\S+ style="[^"]*(animation|url\(|expression)/i.test(a))).toEqual([]);
      expect(attrs.filter((a) => /^<\S+ src=/.test(a) && !/^<\S+ src="data:image\//.test(a))).toEqual([]);
      // the \\mmlToken / \\color / picture variants, in the Markdown cell and in the text/markdown output
      for (const where of ["CELL", "OUT"]) {
        const p = [...doc.querySelectorAll("p")].find((e) => e.textContent!.includes(`MATH${where}`))!;
        expect(p, `MATH${where}`).toBeDefined();
        expect(p.querySelectorAll("mjx-container")).toHaveLength(5); // every formula drawn, none dropped
        expect(p.querySelector(".dlab-removed-image")!.textContent).toContain(
          `https://example.invalid/track-${where}.png`,
        );
      }
    }
  });

  it("opened in a browser with JavaScript on, none of the injected code runs", async () => {
    const browser = await launchChromium();
    try {
      for (const file of files.filter((f) => f.endsWith(".html"))) {
        const page = await browser.newPage();
        const dialogs: string[] = [];
        page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
        // the handout loads nothing from the network: every request is the file itself or its data: URIs
        const requests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        await page.goto("file://" + file, { waitUntil: "load" });
        // no interaction first: autofocus and CSS animations fire by themselves
        await page.waitForTimeout(500);
        expect(
          await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
        ).toBeUndefined();
        expect(requests.filter((u) => !u.startsWith("file://") && !u.startsWith("data:"))).toEqual([]);
        // follow every link, as a curious reader would
        for (const link of await page.locator("a").all())
          await link.click({ timeout: 2000 }).catch(() => undefined);
        await page.waitForTimeout(300);
        expect(
          await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
        ).toBeUndefined();
        expect(await page.evaluate(() => document.querySelectorAll("script").length)).toBe(0);
        expect(dialogs).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("the PDF shows the injected text as inert text, and still draws the hostile figure", () => {
    const pdf = files.find((f) => f.endsWith("student.pdf"))!;
    const text = pdfText(pdf);
    expect(text).toContain("HTMLOUT");
    expect(text).toContain("MDOUT window.__pwned=1");
    const work = fs.mkdtempSync(path.join(tmp, "inspect-"));
    expect(placedImages(pdf, work).filter((img) => img.width > 200)).toHaveLength(1);
  });
});

describe("dlab handout on the command line", () => {
  // async, so the test worker stays responsive while an export runs for tens of seconds
  const dlab = (args: string[], cwd = ROOT) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn("node", [path.join(ROOT, "src", "bin", "dlab.js"), ...args], { cwd });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  it("--help exits 0 with the usage (the extension checks this before showing its button)", async () => {
    const res = await dlab(["handout", "--help"]);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^usage: dlab handout <notebook.ipynb…> \[--version student\|instructor\]/);
  });

  it("a bad argument exits 2 naming it", async () => {
    const res = await dlab(["handout", path.join(FIXTURES, "lab.ipynb"), "--version", "teacher"]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(
      'dlab handout: --version: expected "student" or "instructor", got "teacher"',
    );
  });

  it("a notebook that fails to execute: exit 1, the cell named, no handout (also none of the good one)", async () => {
    const out = path.join(tmp, "fail-out");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "keep.txt"), "an older file stays");
    // relative paths, as typed in a terminal (the good notebook is executed and goes through nbconvert first)
    const rel = (f: string) => path.relative(tmp, path.join(FIXTURES, f));
    const res = await dlab(
      [
        "handout",
        rel("needs-execution-dlab.ipynb"),
        rel("fails-dlab.ipynb"),
        "--execute",
        "--to",
        "html",
        "--out",
        "fail-out",
      ],
      tmp,
    );
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('cell 3 of 4 ("throw new Error("FAILTOKEN");") failed');
    expect(res.stderr).toContain("Error: FAILTOKEN");
    expect(listFiles(out)).toEqual(["keep.txt"]);
  }, 120_000);

  it("dlab student writes the student notebooks, solutions and their outputs gone", async () => {
    const src = path.join(tmp, "student-src");
    fs.mkdirSync(src);
    fs.copyFileSync(path.join(FIXTURES, "lab.ipynb"), path.join(src, "lab.ipynb"));
    const out = path.join(tmp, "student-out");
    const res = await dlab(["student", src, "--out", out]);
    expect(res.status, res.stderr).toBe(0);
    expect(listFiles(out)).toEqual(["lab.ipynb"]);
    const text = fs.readFileSync(path.join(out, "lab.ipynb"), "utf8");
    expect(text).not.toMatch(/SOLUTIONTOKEN|SOLUTIONOUTPUTTOKEN/);
    expect(text).toContain("CHECKCELLTOKEN");
    expect((await dlab(["student", src, "--out", src])).stderr).toMatch(
      /would overwrite the instructor notebook/,
    );
    // a notebook with a solution but no stub fails the whole call, and the --out it made is gone again
    const nostub = path.join(tmp, "nostub.ipynb");
    const cells = [{ cell_type: "code", metadata: { tags: ["solution"] }, source: "secret()", outputs: [] }];
    fs.writeFileSync(nostub, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
    const fresh = path.join(tmp, "fresh-out");
    const failed = await dlab(["student", path.join(src, "lab.ipynb"), nostub, "--out", fresh]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(
      /nostub.ipynb: cell 1 of 1 \("secret\(\)"\) is tagged "solution" but has no stub/,
    );
    expect(fs.existsSync(fresh)).toBe(false);
  });
});

describe("the exporter's figure page", () => {
  it("has a time limit: a figure that takes longer ends the page with an error naming the limit", async () => {
    const scatter = { kind: "scatter", series: [{ name: "a", x: [0, 1], y: [1, 0] }] };
    await withBrowser(async (browser) => {
      // 50 ms: the first figure of a fresh page takes longer than that to draw
      const slow = await openFigureRenderer(browser, FIGURE_SIZE, 50);
      await expect(slow.render(scatter)).rejects.toThrow("drawing it took longer than 0.05 s");
      const fine = await openFigureRenderer(browser);
      expect((await fine.render(scatter)).subarray(1, 4).toString()).toBe("PNG");
      await fine.close();
    });
  }, 60_000);
});
