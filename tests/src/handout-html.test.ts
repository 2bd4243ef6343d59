// The HTML safety helpers and figure bookkeeping, without running nbconvert or Chromium.
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { assertNoScript, neutraliseLinks } from "../../src/cli/handout/html";
import { safeNotebook } from "../../src/cli/handout/safe-notebook";
import { figureOutputs, figuresNeedingImages } from "../../src/cli/handout/figures";
import { readNotebook } from "../../src/cli/handout/notebook";

const FIXTURES = path.join(__dirname, "..", "fixtures", "handout");

describe("neutraliseLinks", () => {
  it("keeps http(s), mailto, fragments and relative links", () => {
    for (const href of [
      "https://a.org/x",
      "http://a",
      "mailto:a@b.c",
      "#sec",
      "other.html",
      "img/a.png?x=1#y",
    ]) {
      expect(neutraliseLinks(`<a href="${href}">x</a>`)).toBe(`<a href="${href}">x</a>`);
    }
  });

  it("replaces script schemes however they are spelled", () => {
    for (const href of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "&#106;avascript:alert(1)",
      "java\tscript:x",
      "vbscript:x",
      "data:text/html,<script>x</script>",
    ]) {
      expect(neutraliseLinks(`<a href="${href}">x</a>`)).toBe('<a href="#">x</a>');
      expect(neutraliseLinks(`<a href='${href}'>x</a>`)).toBe('<a href="#">x</a>');
    }
  });
});

describe("assertNoScript", () => {
  it("refuses script, frames, objects and script links, and accepts escaped text", () => {
    for (const bad of [
      "<script>x</script>",
      "<SCRIPT src=a>",
      "<iframe src=x>",
      "<object>",
      "<embed>",
      '<a href="javascript:x">',
    ]) {
      expect(() => assertNoScript(`<p>${bad}</p>`, "t")).toThrow(/t: the HTML still contains/);
    }
    expect(() => assertNoScript("<p>&lt;script&gt;x&lt;/script&gt;</p>", "t")).not.toThrow();
  });
});

describe("safeNotebook", () => {
  const nb = safeNotebook(readNotebook(path.join(FIXTURES, "hostile.ipynb")), "hostile-student");
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);

  it("takes the title from the file name and drops every other notebook metadata", () => {
    expect(nb.metadata).toEqual({ title: "hostile-student", language_info: { name: "typescript" } });
  });

  it("drops raw cells, renumbers cell ids and reduces tags to safe characters", () => {
    expect(nb.cells.some((c) => c.cell_type === "raw")).toBe(false);
    expect(nb.cells.map((c) => c.id)).toEqual(nb.cells.map((_, i) => `cell-${i}`));
    const tags = nb.cells.flatMap((c) => (c.metadata.tags as string[] | undefined) ?? []);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("keeps only showable MIME types, images only as base64, sizes only as numbers", () => {
    const mimes = new Set(outputs.flatMap((o) => Object.keys(o.data ?? {})));
    expect([...mimes].sort()).toEqual(["image/png", "text/html", "text/markdown", "text/plain"]);
    for (const o of outputs) {
      if (o.data?.["image/png"] !== undefined) expect(o.data["image/png"]).toMatch(/^[A-Za-z0-9+/=]+$/);
      for (const meta of Object.values(o.metadata ?? {})) {
        for (const v of Object.values(meta as object)) expect(typeof v).toBe("number");
      }
    }
    expect(JSON.stringify(nb)).not.toContain('onerror=\\"window.__pwned=1\\" x=');
  });

  it("rebuilds stream and error outputs with a fixed stream name and text fields", () => {
    const stream = outputs.find((o) => o.output_type === "stream")!;
    expect(stream.name).toBe("stdout");
    const cell = nb.cells.find((c) => c.cell_type === "code")!;
    expect(cell.execution_count).toBeNull();
  });
});

describe("figure bookkeeping", () => {
  it("finds the lab fixture's three figures, two of them without a stored PNG", () => {
    const lab = readNotebook(path.join(FIXTURES, "lab.ipynb"));
    expect(figureOutputs(lab).map((f) => f.cell)).toEqual([8, 9, 10]);
    expect(figuresNeedingImages(lab).map((f) => f.cell)).toEqual([8, 9]);
  });
});
